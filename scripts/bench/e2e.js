// End to end on the emulator: a human posts `@tes echo N` (500 per second over 50 rooms); latency
// is measured by the emulator process from the post (which sends the socket frame at once) to the
// moment the bot's reply POST is stored. The bot runs in this process, the emulator in another.
import { EmulatorProcess } from './emulator-process.js';
import { createBenchBot, roomIds } from './bench-bot.js';
import { metric, note, waitFor } from './lib.js';

const RATE = 500;
const ROOMS = 50;
const SECONDS = 10;
const TARGET_P99_MS = 5;
const LIGHT_RATE = 20;
const round3 = (v) => Math.round(v * 1000) / 1000;

export async function benchEndToEnd({ rate = RATE, rooms = ROOMS, seconds = SECONDS } = {}) {
  const emu = await EmulatorProcess.start({ rooms, humans: 20, policies: { throttle: null } });
  const { app, cleanup } = await createBenchBot(emu.origins, roomIds(rooms));
  try {
    await app.start();
    await waitFor(() => app.health().socketState === 'open', 5000, 'the socket');
    note(`e2e: warm-up, then ${rate} commands/s over ${rooms} rooms for ${seconds} s`);
    await emu.request({ type: 'load', rate: 100, seconds: 2, rooms, warmupSeconds: 2 }, 'load-result');
    // light load first: the latency of one command when nothing queues
    const light = await emu.request({ type: 'load', rate: LIGHT_RATE, seconds: 4, rooms, warmupSeconds: 0.5 }, 'load-result');
    const lightExtra = { rate: LIGHT_RATE, rooms, commands: light.posted, measured: light.samples, p90: round3(light.p90), maxMs: round3(light.max) };
    metric(`e2e.light_load_${LIGHT_RATE}_per_s.latency_p50`, light.p50, 'ms', null, null, lightExtra);
    metric(`e2e.light_load_${LIGHT_RATE}_per_s.latency_p99`, light.p99, 'ms', null, null, lightExtra);
    const r = await emu.request({ type: 'load', rate, seconds, rooms, warmupSeconds: 1 }, 'load-result');
    const extra = { rate, rooms, seconds, commands: r.posted, measured: r.samples, actualRate: Math.round(r.actualRate), p90: round3(r.p90), maxMs: round3(r.max) };
    metric('e2e.latency_p50', r.p50, 'ms', null, null, extra);
    metric('e2e.latency_p99', r.p99, 'ms', `< ${TARGET_P99_MS}`, r.p99 < TARGET_P99_MS, extra);
    // replies per second the bot sustained (the send queue does one write at a time)
    metric('e2e.reply_throughput', r.replies / r.spanSeconds, 'replies/s', null, null, { replies: r.replies, spanSeconds: round3(r.spanSeconds) });
    metric('e2e.replies_lost', r.lost, 'commands', '0', r.lost === 0, { duplicates: r.duplicates });
    metric('e2e.replies_duplicated', r.duplicates, 'commands', '0', r.duplicates === 0);
  } finally {
    await app.stop().catch(() => undefined);
    await cleanup();
    await emu.stop();
  }
}
