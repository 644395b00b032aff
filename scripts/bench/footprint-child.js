// Run by footprint.js in a fresh process: bootstraps a bot in N rooms on the emulator given in
// argv, times bootstrap → listening, idles, then reports RSS (JSON on stdout).
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

await new Promise((r) => setTimeout(r, Number(idleArg)));
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 200));
const mem = process.memoryUsage();
// Linux splits RSS into anonymous memory (this process's own) and file pages (mostly the node binary, shared).
const status = await import('node:fs').then((fs) => fs.readFileSync('/proc/self/status', 'utf8')).catch(() => '');
const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
process.stdout.write(JSON.stringify({ importMs, startedMs, listeningMs, rss: mem.rss, rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), heapUsed: mem.heapUsed, socketState: app.health().socketState, rooms: app.rooms.length }) + '\n');
await app.stop();
await cleanup();
