// A chat emulator in its own process (forked by the benchmarks, IPC messages), so the bot under
// test does not share an event loop with the server. It also generates human load and measures
// latency with its own clock: from the moment a human message is posted (and its frame sent) to
// the moment the bot's reply POST is stored.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ChatEmulator } from '@botpy/emulator';
import { percentile } from './lib.js';

const BOT_ID = 100; // the demo world's bot account
let emulator;

const send = (m) => process.send(m);
// the benchmark process died (or finished without stopping us): do not outlive it
process.on('disconnect', () => process.exit(0));

process.on('message', async (msg) => {
  try {
    if (msg.type === 'start') {
      const tls = msg.tls ? { key: readFileSync(msg.tls.key), cert: readFileSync(msg.tls.cert) } : undefined;
      emulator = await ChatEmulator.start({ port: 0, loginPort: 0, policies: msg.policies ?? { throttle: null }, ...(tls ? { tls } : {}) });
      for (let id = 2; id <= (msg.rooms ?? 1); id++) emulator.world.addRoom({ id, name: `Bench room ${id}`, owners: [1] });
      for (const u of msg.users ?? []) emulator.world.addUser(u);
      const humans = [];
      for (let i = 0; i < (msg.humans ?? 10); i++) humans.push(emulator.world.addUser({ name: `Human ${i}` }).id);
      emulator.humans = humans;
      // BENCH_TRACE: every stored message's text with the time it was stored (epoch ms), on stderr
      if (process.env.BENCH_TRACE) emulator.world.on('message', (m, kind) => kind === 'posted' && process.stderr.write(`STORED ${performance.timeOrigin + performance.now()} ${m.userId} ${m.text}\n`));
      send({ type: 'started', origin: emulator.origin, loginOrigin: emulator.loginOrigin });
    } else if (msg.type === 'load') {
      send({ type: 'load-result', ...(await runLoad(msg)) });
    } else if (msg.type === 'count') {
      const n = emulator.world.transcript(msg.room).filter((m) => m.userId === BOT_ID && !m.deleted).length;
      send({ type: 'count-result', count: n, routes: emulator.stats.byRoute });
    } else if (msg.type === 'stop') {
      await emulator?.stop();
      send({ type: 'stopped' });
      process.disconnect();
    }
  } catch (err) {
    send({ type: 'error', message: err.stack ?? String(err) });
  }
});

/**
 * Posts `@tes echo <seq>` at `rate` per second for `seconds`, spread round-robin over `rooms` rooms
 * and the human users, and records post → reply latency for each (the first `warmupSeconds` are
 * not counted). Resolves once every reply arrived or `drainMs` passed after the last post.
 */
function runLoad({ rate, seconds, rooms, warmupSeconds = 1, drainMs = 30_000, ping = '@tes' }) {
  const world = emulator.world;
  const postedAt = new Map();
  const latencies = [];
  let replies = 0;
  let duplicates = 0;
  const answered = new Set();
  const total = Math.round(rate * seconds);
  const warmup = Math.round(rate * warmupSeconds);
  let lastReplyAt = 0;
  // the emulator's own load: CPU per command and event-loop delay (a busy server delays replies)
  const cpu0 = process.cpuUsage();
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const off = world.on('message', (m, kind) => {
    if (kind !== 'posted' || m.userId !== BOT_ID) return;
    const hit = /echo (\d+)/.exec(m.text);
    if (!hit) return;
    const seq = Number(hit[1]);
    if (answered.has(seq)) {
      duplicates++;
      return;
    }
    answered.add(seq);
    replies++;
    lastReplyAt = performance.now();
    const t0 = postedAt.get(seq);
    if (t0 !== undefined && seq >= warmup) latencies.push(lastReplyAt - t0);
  });
  return new Promise((resolve) => {
    let seq = 0;
    const start = performance.now();
    const humans = emulator.humans;
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (seq < due) {
        const room = (seq % rooms) + 1;
        const user = humans[seq % humans.length];
        postedAt.set(seq, performance.now());
        world.post(user, room, `${ping} echo ${seq}`);
        seq++;
      }
      if (seq < total) {
        setTimeout(tick, 1);
        return;
      }
      const postedAllAt = performance.now();
      const wait = () => {
        if (replies >= total || performance.now() - postedAllAt > drainMs) {
          off();
          eld.disable();
          const cpu = process.cpuUsage(cpu0);
          const measured = total - warmup;
          resolve({
            posted: total,
            replies,
            duplicates,
            lost: total - replies,
            measured,
            actualRate: total / ((postedAllAt - start) / 1000),
            p50: percentile(latencies, 50),
            p90: percentile(latencies, 90),
            p99: percentile(latencies, 99),
            max: latencies.length ? Math.max(...latencies) : NaN,
            samples: latencies.length,
            replyTailMs: lastReplyAt - postedAllAt,
            spanSeconds: (lastReplyAt - start) / 1000,
            emuCpuMsPerCommand: (cpu.user + cpu.system) / 1000 / total,
            eldP99: eld.percentile(99) / 1e6,
            eldMax: eld.max / 1e6,
          });
          return;
        }
        setTimeout(wait, 5);
      };
      wait();
    };
    tick();
  });
}
