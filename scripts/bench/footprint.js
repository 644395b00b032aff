// Footprint: a bot in 50 rooms in its own process — bootstrap → listening (rooms joined, socket
// open) and idle RSS after a few seconds.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EmulatorProcess } from './emulator-process.js';
import { metric, note } from './lib.js';

const CHILD = fileURLToPath(new URL('./footprint-child.js', import.meta.url));
const ROOMS = 50;
const IDLE_MS = 3000;

export async function benchFootprint() {
  const emu = await EmulatorProcess.start({ rooms: ROOMS, policies: { throttle: null } });
  try {
    note(`footprint: bot in ${ROOMS} rooms, idle ${IDLE_MS} ms`);
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', CHILD, emu.origin, emu.loginOrigin, String(ROOMS), String(IDLE_MS)], { timeout: 30_000 });
    const r = JSON.parse(stdout.trim().split('\n').pop());
    const rssMB = r.rss / 2 ** 20;
    metric('footprint.idle_rss', rssMB, 'MB', '< 80', rssMB < 80, { rooms: r.rooms, heapUsedMB: Math.round((r.heapUsed / 2 ** 20) * 10) / 10, rssAnonMB: Math.round((r.rssAnon / 2 ** 20) * 10) / 10, rssFileMB: Math.round((r.rssFile / 2 ** 20) * 10) / 10, socketState: r.socketState });
    metric('footprint.bootstrap_to_listening', r.listeningMs, 'ms', '< 1000', r.listeningMs < 1000, { rooms: r.rooms, startResolvedMs: Math.round(r.startedMs), moduleImportMs: Math.round(r.importMs) });
  } finally {
    await emu.stop();
  }
}
