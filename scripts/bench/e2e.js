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
import { readFileSync, writeFileSync } from 'node:fs';
import { EmulatorProcess } from './emulator-process.js';
import { createBenchBot, frameToReply, roomIds } from './bench-bot.js';
import { metric, note, percentile, waitFor } from './lib.js';

const RATE = 500;
const ROOMS = 50;
const SECONDS = 10;
const TARGET_P99_MS = 5;
const LIGHT_RATE = 20;
const RUNS = 5;

/** The machine's CPU counters (Linux /proc/stat, first line), or null elsewhere. */
function readProcStat() {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return null;
  }
}
/** Share of CPU time the hypervisor took from this VM between two readings (steal), in percent. */
function stealPercent(a, b) {
  if (!a || !b) return null;
  const d = b.map((v, i) => v - a[i]);
  const total = d.reduce((x, y) => x + y, 0);
  return total > 0 ? Math.round((1000 * (d[7] ?? 0)) / total) / 10 : null;
}
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

    // the heavy load, RUNS times: on a shared VM one run's tail swings with the host (steal time,
    // neighbours), so the target is checked on the median of the runs' p99; every run is listed
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const cpu0 = readProcStat();
      const run = await load(emu, { rate, seconds, rooms, warmupSeconds: 1 });
      run.stealPercent = stealPercent(cpu0, readProcStat());
      runs.push(run);
      note(`e2e: run ${i + 1}/${RUNS}: frame → reply POST p99 ${round3(run.f.p99)} ms, answered p99 ${round3(run.a.p99)} ms, host steal ${run.stealPercent ?? '?'} %`);
    }
    const med = (xs) => percentile(xs, 50);
    const perRun = (pick) => runs.map((x) => round3(pick(x)));
    const unmatched = runs.reduce((n, x) => n + x.f.unmatched, 0);
    const common = { rate, rooms, seconds, runs: RUNS, commandsPerRun: runs[0].r.posted, measuredPerRun: runs[0].f.samples };
    metric('e2e.frame_to_reply_post_p50', med(runs.map((x) => x.f.p50)), 'ms', null, null, { ...common, perRun: perRun((x) => x.f.p50) });
    metric('e2e.frame_to_reply_post_p99', med(runs.map((x) => x.f.p99)), 'ms', `< ${TARGET_P99_MS}`, med(runs.map((x) => x.f.p99)) < TARGET_P99_MS && unmatched === 0, {
      ...common,
      statistic: `median of ${RUNS} runs' p99`,
      perRun: perRun((x) => x.f.p99),
      p90PerRun: perRun((x) => x.f.p90),
      maxPerRun: perRun((x) => x.f.max),
      stealPercentPerRun: runs.map((x) => x.stealPercent),
      unmatched,
    });
    const note2 = 'includes the emulator answering the POST';
    metric('e2e.frame_to_reply_answered_p50', med(runs.map((x) => x.a.p50)), 'ms', null, null, { ...common, perRun: perRun((x) => x.a.p50), note: note2 });
    metric('e2e.frame_to_reply_answered_p99', med(runs.map((x) => x.a.p99)), 'ms', null, null, { ...common, perRun: perRun((x) => x.a.p99), maxPerRun: perRun((x) => x.a.max), note: note2 });
    metric('e2e.post_to_stored_p50', med(runs.map((x) => x.r.p50)), 'ms', null, null, { ...common, perRun: perRun((x) => x.r.p50) });
    metric('e2e.post_to_stored_p99', med(runs.map((x) => x.r.p99)), 'ms', null, null, { ...common, perRun: perRun((x) => x.r.p99) });
    metric('e2e.reply_throughput', med(runs.map((x) => x.r.replies / x.r.spanSeconds)), 'replies/s', null, null, { perRun: perRun((x) => x.r.replies / x.r.spanSeconds) });
    metric('e2e.bot_cpu_per_command', med(runs.map((x) => x.r.botCpuMsPerCommand)), 'ms', null, null, { rate, perRun: perRun((x) => x.r.botCpuMsPerCommand), note: 'user + system CPU of the bot process during the load, per command' });
    metric('e2e.emulator_cpu_per_command', med(runs.map((x) => x.r.emuCpuMsPerCommand)), 'ms', null, null, {
      rate,
      eventLoopDelayP99MsPerRun: perRun((x) => x.r.eldP99),
      eventLoopDelayMaxMsPerRun: perRun((x) => x.r.eldMax),
      note: 'the emulator process (server + load generator), which shares the machine',
    });
    const lost = runs.reduce((n, x) => n + x.r.lost, 0);
    const duplicates = runs.reduce((n, x) => n + x.r.duplicates, 0);
    metric('e2e.replies_lost', lost, 'commands', '0', lost === 0, { of: RUNS * runs[0].r.posted });
    metric('e2e.replies_duplicated', duplicates, 'commands', '0', duplicates === 0, { of: RUNS * runs[0].r.posted });
  } finally {
    await app.stop().catch(() => undefined);
    await cleanup();
    await emu.stop();
  }
}
