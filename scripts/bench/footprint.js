// Footprint: a bot in 50 rooms in its own process — bootstrap → listening (rooms joined, socket
// open), then its memory while it idles.
//
// "Idle RSS" is the RSS after 30 s without traffic. Right after start-up V8 still holds the heap it
// grew while logging in and joining the rooms (≈ 30 MB committed for ≈ 12 MB of live objects); once
// the allocation rate drops, V8's memory reducer runs a few compacting GCs (≈ 10–20 s later) and
// returns the unused pages. A bot is idle for hours, so the settled number is the one that counts;
// the number 3 s after start-up is printed too. Nothing forces a GC.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EmulatorProcess } from './emulator-process.js';
import { metric, note } from './lib.js';

const CHILD = fileURLToPath(new URL('./footprint-child.js', import.meta.url));
const ROOMS = 50;
const IDLE_MS = 30_000;
const MB = (b) => Math.round((b / 2 ** 20) * 10) / 10;

/** The test certificate of 127.0.0.1 (the chat package's fixture), for the emulator's TLS mode. */
const TLS_DIR = fileURLToPath(new URL('../../packages/chat/test/fixtures/tls/', import.meta.url));
const TLS = { key: join(TLS_DIR, 'key.pem'), cert: join(TLS_DIR, 'cert.pem') };

/** One bot process on an emulator (TLS or not): the child's report. */
async function run(tls) {
  const emu = await EmulatorProcess.start({ rooms: ROOMS, policies: { throttle: null }, ...(tls ? { tls: TLS } : {}) });
  try {
    // the bot trusts the test certificate the way any Node process can be told to: NODE_EXTRA_CA_CERTS
    const env = tls ? { ...process.env, NODE_EXTRA_CA_CERTS: TLS.cert } : process.env;
    const { stdout } = await promisify(execFile)(process.execPath, [CHILD, emu.origin, emu.loginOrigin, String(ROOMS), String(IDLE_MS)], { timeout: IDLE_MS + 30_000, env });
    return JSON.parse(stdout.trim().split('\n').pop());
  } finally {
    await emu.stop();
  }
}

export async function benchFootprint() {
  note(`footprint: bot in ${ROOMS} rooms over HTTPS + WSS (as on real chat), idle ${IDLE_MS / 1000} s`);
  const r = await run(true);
  const last = r.samples[r.samples.length - 1];
  const early = r.samples[Math.min(2, r.samples.length - 1)];
  const detail = (x, s) => ({ rooms: x.rooms, afterListeningMs: s.atMs - Math.round(x.listeningMs), rssAnonMB: MB(s.rssAnon), rssFileMB: MB(s.rssFile), heapUsedMB: MB(s.heapUsed), heapTotalMB: MB(s.heapTotal), socketState: x.socketState });
  const rss = MB(last.rss);
  metric('footprint.idle_rss', rss, 'MB', '< 80', rss < 80, { ...detail(r, last), transport: 'https + wss', peakIdleMB: MB(Math.max(...r.samples.map((s) => s.rss))) });
  metric('footprint.rss_after_start', MB(early.rss), 'MB', null, null, { ...detail(r, early), transport: 'https + wss', note: 'before V8 returns the start-up heap' });
  metric('footprint.bootstrap_to_listening', r.listeningMs, 'ms', '< 1000', r.listeningMs < 1000, { rooms: r.rooms, transport: 'https + wss', startResolvedMs: Math.round(r.startedMs), moduleImportMs: Math.round(r.importMs) });

  note(`footprint: the same over plain HTTP + WS`);
  const p = await run(false);
  const plast = p.samples[p.samples.length - 1];
  metric('footprint.idle_rss_plain_http', MB(plast.rss), 'MB', null, null, { ...detail(p, plast), transport: 'http + ws', tlsCostMB: Math.round((rss - MB(plast.rss)) * 10) / 10 });
}
