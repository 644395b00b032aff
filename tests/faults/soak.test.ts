/**
 * Soak (issue #12): the real client against the emulator for a while, with the socket dropped every
 * second, chat outages (503 / connection resets / hanging requests) in turns, natural 409s and
 * absurd ones, cut-off messages and steady traffic both ways. Samples RSS, heap, open file
 * descriptors and the request rate every couple of seconds (JSON lines, `"metric":"soak-sample"`),
 * then a summary (`"metric":"soak"`), and checks they stay flat and bounded.
 *
 * In the suite it runs ~24 s; `npm run soak` runs it for 150 s (SOAK_SECONDS).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { throttleMessage, type ChatEmulator, type OutageKind } from '@botpy/emulator';
import { MessagePostedEvent, type ChatClient } from '@botpy/chat';
import { pino } from 'pino';
import { loginClient, sleep, startEmulator, until } from './chat-kit.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 24);
const SAMPLE_MS = SECONDS >= 60 ? 5_000 : 2_000;
const MB = 2 ** 20;

interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  fds: number;
  requestsPerSecond: number;
  sockets: number;
  reconnects: number;
}

const fdCount = (): number => {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1; // not Linux: not measured
  }
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
/** Least-squares slope of y over x. */
const slope = (xs: number[], ys: number[]): number => {
  const mx = mean(xs);
  const my = mean(ys);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / den;
};

describe('soak: drops every second, outages, throttles', () => {
  // log lines are counted, not kept: the harness must not grow with the run
  const lines = { info: 0, warn: 0 };
  const logger = pino({ level: 'info' }, { write: (l: string) => void (l.includes('"level":40') ? lines.warn++ : lines.info++) });
  let emu: ChatEmulator | undefined;
  let client: ChatClient | undefined;
  afterAll(async () => {
    await client?.close();
    await emu?.stop();
  });

  it(`stays flat for ${SECONDS} s`, async () => {
    emu = await startEmulator({ throttle: { burst: 5, perSecond: 2 }, partialAfterChars: 200 });
    const e = emu;
    client = await loginClient(e, logger, {
      timeoutMs: 1_000,
      socket: { backoff: { minMs: 100, maxMs: 1_000 }, stableMs: 2_000, pollFallbackMs: 500, watchdogMs: 5_000 },
      queue: { maxThrottleWaitMs: 2_000, retryBaseMs: 200, maxRetries: 4 },
    });
    const c = client;
    const room = await c.joinRoom(1);
    await until('the socket to open', () => c.stats.socketState === 'open');
    const loginsAtStart = e.stats.passwordLogins;

    const posted = new Set<number>();
    const delivered = new Map<number, number>();
    c.on('event', (ev) => {
      if (ev instanceof MessagePostedEvent && ev.userId !== c.userId) delivered.set(ev.messageId, (delivered.get(ev.messageId) ?? 0) + 1);
    });
    let sends = 0;
    let sendsSettled = 0;
    let sendsFailed = 0;

    e.faults.dropSocketsEvery(1);
    const stopAt = Date.now() + SECONDS * 1000;
    const kinds: OutageKind[] = ['status', 'reset', 'hang'];
    const chaos = (async () => {
      for (let i = 0; Date.now() < stopAt; i++) {
        // traffic: people post (every 5th message long enough to be cut), the bot answers
        for (let k = 0; k < 3; k++) {
          const long = (i * 3 + k) % 5 === 0;
          posted.add(e.world.post(2 + (k % 2), 1, long ? Array.from({ length: 12 }, (_, j) => `line ${j} of message ${i}.${k}`).join('\n') : `message ${i}.${k}`).id);
        }
        if (i % 10 === 0) {
          sends++;
          room.send(`bot line ${i}`).then(
            () => sendsSettled++,
            () => (sendsSettled++, sendsFailed++),
          );
        }
        if (i % 50 === 20) e.faults.failNext('POST /chats/:room/messages/new', 1, 409, throttleMessage(3600));
        if (i % 75 === 40) {
          const kind = kinds[Math.floor(i / 75) % kinds.length]!;
          e.faults.setOutage(true, kind);
          setTimeout(() => e.faults.setOutage(false), 2_000).unref();
        }
        await sleep(100);
      }
    })();

    const samples: Sample[] = [];
    const t0 = Date.now();
    let lastRequests = e.stats.requests;
    while (Date.now() < stopAt) {
      await sleep(SAMPLE_MS);
      const s: Sample = {
        t: Math.round((Date.now() - t0) / 1000),
        rssMb: Math.round(process.memoryUsage.rss() / MB),
        heapMb: Math.round(process.memoryUsage().heapUsed / MB),
        fds: fdCount(),
        requestsPerSecond: Math.round(((e.stats.requests - lastRequests) / SAMPLE_MS) * 1000),
        sockets: e.socketCount,
        reconnects: c.stats.reconnects,
      };
      lastRequests = e.stats.requests;
      samples.push(s);
      console.log(JSON.stringify({ metric: 'soak-sample', ...s }));
    }
    await chaos;
    e.faults.reset();
    await until('every send to settle', () => sendsSettled === sends, 20_000);
    await until('every posted message to arrive', () => [...posted].every((id) => delivered.has(id)), 20_000);

    // flatness: the first third is warm-up; compare the last third with the middle one
    const third = Math.max(1, Math.floor(samples.length / 3));
    const mid = samples.slice(third, 2 * third);
    const last = samples.slice(-third);
    const steady = samples.slice(third);
    const summary = {
      metric: 'soak',
      seconds: SECONDS,
      samples: samples.length,
      rssMb: { first: samples[0]!.rssMb, max: Math.max(...samples.map((s) => s.rssMb)), midMean: Math.round(mean(mid.map((s) => s.rssMb))), lastMean: Math.round(mean(last.map((s) => s.rssMb))), slopeMbPerMin: Number((slope(steady.map((s) => s.t), steady.map((s) => s.rssMb)) * 60).toFixed(2)) },
      heapMb: { midMean: Math.round(mean(mid.map((s) => s.heapMb))), lastMean: Math.round(mean(last.map((s) => s.heapMb))) },
      fds: { first: samples[0]!.fds, max: Math.max(...samples.map((s) => s.fds)), midMax: Math.max(...mid.map((s) => s.fds)), lastMax: Math.max(...last.map((s) => s.fds)) },
      requestsPerSecond: { midMean: Math.round(mean(mid.map((s) => s.requestsPerSecond))), lastMean: Math.round(mean(last.map((s) => s.requestsPerSecond))), max: Math.max(...samples.map((s) => s.requestsPerSecond)) },
      reconnects: c.stats.reconnects,
      passwordLogins: e.stats.passwordLogins - loginsAtStart,
      posted: posted.size,
      deliveredOnce: [...posted].filter((id) => delivered.get(id) === 1).length,
      sends,
      sendsFailed,
      throttled: c.stats.throttled,
      logLines: lines,
    };
    console.log(JSON.stringify(summary));

    expect(summary.passwordLogins).toBe(0);
    expect(summary.deliveredOnce).toBe(summary.posted);
    expect(summary.reconnects).toBeGreaterThan(SECONDS / 4); // the drops really happened
    expect(summary.rssMb.lastMean - summary.rssMb.midMean).toBeLessThan(40);
    expect(summary.heapMb.lastMean - summary.heapMb.midMean).toBeLessThan(30);
    if (summary.fds.first >= 0) expect(summary.fds.lastMax).toBeLessThanOrEqual(summary.fds.midMax + 15);
    // ~30 posts/s read through the socket, 1 send/s, one reconnect a second (ws-auth + upgrade + resume poll)
    expect(summary.requestsPerSecond.max).toBeLessThan(60);
    expect(summary.requestsPerSecond.lastMean).toBeLessThanOrEqual(summary.requestsPerSecond.midMean * 1.5 + 5);
  }, (SECONDS + 90) * 1000);
});
