// End to end on the emulator: a human posts `@tes echo N` (500 per second over 50 rooms). Latencies,
// each with one process's own clock:
//  - frame → reply POST (the metric, bot process): from the moment the bot's socket received
//    the frame carrying the command (`event.receivedAt`) to the moment the reply's HTTP POST was
//    issued. That is everything the framework does for a command; what follows is the server's time
//    (on real chat, a network round trip of tens of milliseconds);
//  - frame → reply answered (bot process): until that POST was answered (`ctx.reply()` resolved);
//  - post → stored (emulator process): from the human's post (which writes the socket frame at
//    once) to the moment the bot's reply is stored. It adds frame delivery and the emulator's own
//    event loop, so it is an upper bound of the others.
// The bot runs in this process, the emulator in another. BENCH_E2E_DUMP=/tmp/x writes the raw
// samples of each load to /tmp/x.<rate>.json.
import { writeFileSync } from 'node:fs';
import { EmulatorProcess } from './emulator-process.js';
import { createBenchBot, frameToReply, roomIds } from './bench-bot.js';
import { metric, note, percentile, waitFor } from './lib.js';

const RATE = 500;
const ROOMS = 50;
const SECONDS = 10;
const TARGET_P99_MS = 5;
const LIGHT_RATE = 20;
const round3 = (v) => Math.round(v * 1000) / 1000;

/** One load run: the emulator's post → stored numbers plus the bot's frame → reply samples. */
async function load(emu, o) {
  frameToReply.reset();
  const cpu0 = process.cpuUsage();
  const r = await emu.request({ type: 'load', ...o }, 'load-result');
  const cpu = process.cpuUsage(cpu0);
  frameToReply.recording = false;
  // CPU time of the bot's process per command (user + system): the cost that decides how much load
  // the bot absorbs before it queues, whatever else the machine is doing
  r.botCpuMsPerCommand = (cpu.user + cpu.system) / 1000 / r.posted;
  const warmup = Math.round(o.rate * (o.warmupSeconds ?? 1));
  if (process.env.BENCH_E2E_DUMP) writeFileSync(`${process.env.BENCH_E2E_DUMP}.${o.rate}.json`, JSON.stringify(frameToReply.samples));
  const counted = frameToReply.samples.filter((s) => s.seq >= warmup);
  const stats = (ms) => ({ samples: ms.length, unmatched: frameToReply.unmatched, p50: percentile(ms, 50), p90: percentile(ms, 90), p99: percentile(ms, 99), max: ms.length ? Math.max(...ms) : NaN });
  return { r, f: stats(counted.map((s) => s.toPost)), a: stats(counted.map((s) => s.toAnswer)) };
}

export async function benchEndToEnd({ rate = RATE, rooms = ROOMS, seconds = SECONDS } = {}) {
  const emu = await EmulatorProcess.start({ rooms, humans: 20, policies: { throttle: null } });
  const { app, cleanup } = await createBenchBot(emu.origins, roomIds(rooms));
  try {
    await app.start();
    await waitFor(() => app.health().socketState === 'open', 5000, 'the socket');
    note(`e2e: warm-up, then ${rate} commands/s over ${rooms} rooms for ${seconds} s`);
    await load(emu, { rate: 100, seconds: 2, rooms, warmupSeconds: 2 });
    // light load first: the latency of one command when nothing queues
    const light = await load(emu, { rate: LIGHT_RATE, seconds: 4, rooms, warmupSeconds: 0.5 });
    const lf = { rate: LIGHT_RATE, rooms, commands: light.r.posted, measured: light.f.samples, p90: round3(light.f.p90), maxMs: round3(light.f.max) };
    metric(`e2e.light_load_${LIGHT_RATE}_per_s.frame_to_reply_post_p50`, light.f.p50, 'ms', null, null, lf);
    metric(`e2e.light_load_${LIGHT_RATE}_per_s.frame_to_reply_post_p99`, light.f.p99, 'ms', null, null, lf);
    const la = { rate: LIGHT_RATE, rooms, commands: light.r.posted, measured: light.a.samples, p90: round3(light.a.p90), maxMs: round3(light.a.max) };
    metric(`e2e.light_load_${LIGHT_RATE}_per_s.frame_to_reply_answered_p50`, light.a.p50, 'ms', null, null, la);
    metric(`e2e.light_load_${LIGHT_RATE}_per_s.frame_to_reply_answered_p99`, light.a.p99, 'ms', null, null, la);
    const lp = { rate: LIGHT_RATE, rooms, commands: light.r.posted, measured: light.r.samples, p90: round3(light.r.p90), maxMs: round3(light.r.max) };
    metric(`e2e.light_load_${LIGHT_RATE}_per_s.post_to_stored_p50`, light.r.p50, 'ms', null, null, lp);
    metric(`e2e.light_load_${LIGHT_RATE}_per_s.post_to_stored_p99`, light.r.p99, 'ms', null, null, lp);

    const { r, f, a } = await load(emu, { rate, seconds, rooms, warmupSeconds: 1 });
    const ff = { rate, rooms, seconds, commands: r.posted, measured: f.samples, unmatched: f.unmatched, actualRate: Math.round(r.actualRate), p90: round3(f.p90), maxMs: round3(f.max) };
    metric('e2e.frame_to_reply_post_p50', f.p50, 'ms', null, null, ff);
    metric('e2e.frame_to_reply_post_p99', f.p99, 'ms', `< ${TARGET_P99_MS}`, f.p99 < TARGET_P99_MS && f.unmatched === 0, ff);
    const fa = { rate, rooms, seconds, measured: a.samples, p90: round3(a.p90), maxMs: round3(a.max), note: 'includes the emulator answering the POST' };
    metric('e2e.frame_to_reply_answered_p50', a.p50, 'ms', null, null, fa);
    metric('e2e.frame_to_reply_answered_p99', a.p99, 'ms', null, null, fa);
    const pf = { rate, rooms, seconds, commands: r.posted, measured: r.samples, actualRate: Math.round(r.actualRate), p90: round3(r.p90), maxMs: round3(r.max) };
    metric('e2e.post_to_stored_p50', r.p50, 'ms', null, null, pf);
    metric('e2e.post_to_stored_p99', r.p99, 'ms', null, null, pf);
    metric('e2e.reply_throughput', r.replies / r.spanSeconds, 'replies/s', null, null, { replies: r.replies, spanSeconds: round3(r.spanSeconds) });
    metric('e2e.bot_cpu_per_command', r.botCpuMsPerCommand, 'ms', null, null, { rate, note: 'user + system CPU of the bot process during the load, per command' });
    metric('e2e.emulator_cpu_per_command', r.emuCpuMsPerCommand, 'ms', null, null, { rate, eventLoopDelayP99Ms: round3(r.eldP99), eventLoopDelayMaxMs: round3(r.eldMax), note: 'the emulator process (server + load generator), which shares the machine' });
    metric('e2e.replies_lost', r.lost, 'commands', '0', r.lost === 0, { duplicates: r.duplicates });
    metric('e2e.replies_duplicated', r.duplicates, 'commands', '0', r.duplicates === 0);
  } finally {
    await app.stop().catch(() => undefined);
    await cleanup();
    await emu.stop();
  }
}
