// Throttled burst: 200 messages sent at once by the real chat client under the emulator's 409
// throttle (a token bucket: `burst` messages at once, then `perSecond`). The theoretical minimum
// drain time is (N − burst) / perSecond: the moment the last token becomes available.
//  1. real time, with a fast bucket (burst 10, 5/s) so it finishes in ~40 s;
//  2. virtual time, with chat's real policy (burst 10, 1/s): the emulator's clock and the send
//     queue's sleep are the same virtual clock, so 190 s of throttling take a second;
//  3. the same with `queue.coalesce`: messages queued under the throttle are merged into a few
//     posts; every line must arrive once, in order, and the drain time is reported (no target: the
//     minimum above assumes one post per message).
import { performance } from 'node:perf_hooks';
import { ChatClient } from '@botpy/chat';
import { ChatEmulator } from '@botpy/emulator';
import { EmulatorProcess } from './emulator-process.js';
import { metric, note } from './lib.js';

const N = 200;
const TARGET_RATIO = 1.1;

async function burst(client, roomId, label) {
  const room = await client.joinRoom(roomId);
  const t0 = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: N }, (_, i) => room.send(`${label} burst message ${i}`)));
  return { seconds: (performance.now() - t0) / 1000, delivered: outcomes.filter((o) => o.status === 'fulfilled').length, errors: outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason?.code ?? String(o.reason)).slice(0, 3) };
}

function report(prefix, r, stored, policy, extra = {}) {
  const minimum = (N - policy.burst) / policy.perSecond;
  const ratio = r.seconds / minimum;
  metric(`${prefix}.delivered_share`, (100 * Math.min(r.delivered, stored)) / N, '%', '100', r.delivered === N && stored === N, { resolved: r.delivered, storedByServer: stored, errors: r.errors, ...extra });
  metric(`${prefix}.drain_ratio`, ratio, 'x minimum', `<= ${TARGET_RATIO}`, ratio <= TARGET_RATIO, { drainSeconds: Math.round(r.seconds * 100) / 100, minimumSeconds: minimum, burst: policy.burst, perSecond: policy.perSecond, ...extra });
}

async function realTime() {
  const policy = { burst: 10, perSecond: 5 };
  note(`throttle (real time): ${N} messages, bucket ${policy.burst} + ${policy.perSecond}/s, minimum ${(N - policy.burst) / policy.perSecond} s`);
  const emu = await EmulatorProcess.start({ rooms: 1, policies: { throttle: policy } });
  const client = await ChatClient.login({ host: 'stackexchange.com', email: 'bot@example.com', password: 'botpass', origins: emu.origins, queue: { maxThrottleRetries: 1000 } });
  try {
    const r = await burst(client, 1, 'real');
    const { count } = await emu.request({ type: 'count', room: 1 }, 'count-result');
    report('throttle.real_time', r, count, policy, { clock: 'real' });
  } finally {
    await client.close();
    await emu.stop();
  }
}

async function virtualTime({ coalesce = false } = {}) {
  const policy = { burst: 10, perSecond: 1 };
  note(`throttle (virtual time): ${N} messages, bucket ${policy.burst} + ${policy.perSecond}/s, minimum ${(N - policy.burst) / policy.perSecond} s`);
  let now = Date.now();
  const clock = { now: () => now };
  const emulator = await ChatEmulator.start({ port: 0, loginPort: 0, clock, policies: { throttle: policy } });
  const sleep = (ms) => {
    now += ms;
    return new Promise((r) => setImmediate(r));
  };
  const client = await ChatClient.login({
    host: 'stackexchange.com', email: 'bot@example.com', password: 'botpass',
    origins: { chat: emulator.origin, login: emulator.loginOrigin }, queue: { sleep, maxThrottleRetries: 1000, coalesce },
  });
  try {
    const room = await client.joinRoom(1);
    const v0 = now;
    const outcomes = await Promise.allSettled(Array.from({ length: N }, (_, i) => room.send(`virtual burst message ${i}`)));
    const r = { seconds: (now - v0) / 1000, delivered: outcomes.filter((o) => o.status === 'fulfilled').length, errors: outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason?.code).slice(0, 3) };
    const posts = emulator.world.transcript(1).filter((m) => m.userId === client.userId);
    if (!coalesce) {
      report('throttle.virtual_time', r, posts.length, policy, { clock: 'virtual (HTTP time not counted)' });
      return;
    }
    const lines = posts.flatMap((m) => m.text.split('\n'));
    const inOrder = lines.length === N && lines.every((l, i) => l === `virtual burst message ${i}`);
    metric('throttle.coalesced.lines_delivered_in_order', inOrder ? 100 : (100 * lines.length) / N, '%', '100', inOrder && r.delivered === N, { resolved: r.delivered, posts: posts.length, errors: r.errors });
    metric('throttle.coalesced.drain_seconds', r.seconds, 's', null, null, { posts: posts.length, withoutCoalescingMinimumSeconds: (N - policy.burst) / policy.perSecond, clock: 'virtual (HTTP time not counted)' });
  } finally {
    await client.close();
    await emulator.stop();
  }
}

export async function benchThrottle() {
  await virtualTime();
  await virtualTime({ coalesce: true });
  await realTime();
}
