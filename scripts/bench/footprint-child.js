// Run by footprint.js in a fresh process: bootstraps a bot in N rooms on the emulator given in
// argv, times bootstrap → listening, then idles and samples its memory once a second (JSON on
// stdout: the samples and the start-up numbers). Nothing forces a GC: the numbers are what a
// running bot's process holds.
import { performance } from 'node:perf_hooks';

const [origin, loginOrigin, roomsArg, idleArg] = process.argv.slice(2);
const tImport = performance.now();
const { createBenchBot, roomIds } = await import('./bench-bot.js');
const importMs = performance.now() - tImport;

const t0 = performance.now();
const { app, cleanup } = await createBenchBot({ chat: origin, login: loginOrigin }, roomIds(Number(roomsArg)));
await app.start();
const startedMs = performance.now() - t0;
while (app.health().socketState !== 'open') {
  if (performance.now() - t0 > 10_000) throw new Error('the socket did not open within 10 s');
  await new Promise((r) => setTimeout(r, 1));
}
const listeningMs = performance.now() - t0;

const fs = await import('node:fs');
const kb = (status, key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
/** RSS split by Linux into anonymous memory (this process's own) and file pages (mostly the node binary, shared). */
function sample() {
  const mem = process.memoryUsage();
  let status = '';
  try {
    status = fs.readFileSync('/proc/self/status', 'utf8');
  } catch {}
  return { atMs: Math.round(performance.now() - t0), rss: mem.rss, rssAnon: kb(status, 'RssAnon'), rssFile: kb(status, 'RssFile'), heapUsed: mem.heapUsed, heapTotal: mem.heapTotal };
}
const samples = [];
const idleMs = Number(idleArg);
const tIdle = performance.now();
while (performance.now() - tIdle < idleMs) {
  await new Promise((r) => setTimeout(r, 1000));
  samples.push(sample());
}
process.stdout.write(JSON.stringify({ importMs, startedMs, listeningMs, samples, socketState: app.health().socketState, rooms: app.rooms.length }) + '\n');
await app.stop();
await cleanup();
