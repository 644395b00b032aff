// Footprint: a bot in 50 rooms in its own process — bootstrap → listening (rooms joined, socket
// open), then its memory while it idles.
//
// "Idle RSS" is the RSS after 30 s without traffic. Right after start-up V8 still holds the heap it
// grew while logging in and joining the rooms (≈ 30 MB committed for ≈ 12 MB of live objects); once
// the allocation rate drops, V8's memory reducer runs a few compacting GCs (≈ 10–20 s later) and
// returns the unused pages. A bot is idle for hours, so the settled number is the one that counts;
// the number 3 s after start-up is printed too. Nothing forces a GC.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EmulatorProcess } from './emulator-process.js';
import { metric, note } from './lib.js';

const CHILD = fileURLToPath(new URL('./footprint-child.js', import.meta.url));
const ROOMS = 50;
const IDLE_MS = 30_000;
const MB = (b) => Math.round((b / 2 ** 20) * 10) / 10;

export async function benchFootprint() {
  const emu = await EmulatorProcess.start({ rooms: ROOMS, policies: { throttle: null } });
  try {
    note(`footprint: bot in ${ROOMS} rooms, idle ${IDLE_MS / 1000} s`);
    const { stdout } = await promisify(execFile)(process.execPath, [CHILD, emu.origin, emu.loginOrigin, String(ROOMS), String(IDLE_MS)], { timeout: IDLE_MS + 30_000 });
    const r = JSON.parse(stdout.trim().split('\n').pop());
    const last = r.samples[r.samples.length - 1];
    const early = r.samples[Math.min(2, r.samples.length - 1)];
    const detail = (s) => ({ rooms: r.rooms, afterListeningMs: s.atMs - Math.round(r.listeningMs), rssAnonMB: MB(s.rssAnon), rssFileMB: MB(s.rssFile), heapUsedMB: MB(s.heapUsed), heapTotalMB: MB(s.heapTotal), socketState: r.socketState });
    const rss = MB(last.rss);
    metric('footprint.idle_rss', rss, 'MB', '< 80', rss < 80, { ...detail(last), peakIdleMB: MB(Math.max(...r.samples.map((s) => s.rss))) });
    metric('footprint.rss_after_start', MB(early.rss), 'MB', null, null, { ...detail(early), note: 'before V8 returns the start-up heap' });
    metric('footprint.bootstrap_to_listening', r.listeningMs, 'ms', '< 1000', r.listeningMs < 1000, { rooms: r.rooms, startResolvedMs: Math.round(r.startedMs), moduleImportMs: Math.round(r.importMs) });
  } finally {
    await emu.stop();
  }
}
