import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { SendQueue, type SendPriority } from '../src/send-queue.js';
import { ChatInputError, ThrottledError } from '../src/errors.js';

/**
 * A discrete-event clock: `sleep` registers a timer; `run` lets every pending promise settle, then
 * jumps to the next timer, until the awaited work is done. Deterministic and instantaneous.
 */
class VirtualClock {
  now = 0;
  private timers: { at: number; n: number; resolve: () => void }[] = [];
  private n = 0;
  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.now + ms, n: this.n++, resolve });
    });
  async run(work: Promise<unknown>): Promise<void> {
    let done = false;
    work.then(
      () => (done = true),
      () => (done = true),
    );
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (done) return;
      if (this.timers.length === 0) throw new Error('deadlock: work pending but nothing scheduled');
      this.timers.sort((a, b) => a.at - b.at || a.n - b.n);
      const t = this.timers.shift()!;
      this.now = t.at;
      t.resolve();
    }
  }
}

interface Attempt {
  job: number;
  room: number;
  start: number;
  end?: number;
  outcome?: 'ok' | '409';
}

/**
 * A fake chat server behind an injected sender: records every attempt, checks the invariants as it
 * goes (≤ 1 in flight per room, ≤ `concurrency` in flight, nothing started during a 409 wait) and
 * answers 409 to the attempts `throttle` picks.
 */
function fakeServer(clock: VirtualClock, o: { concurrency: number; latency: (job: number, attempt: number) => number; throttle?: (job: number, attempt: number) => number | undefined }) {
  const attempts: Attempt[] = [];
  const inFlightRooms = new Set<number>();
  const violations: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let blockedUntil = -1;
  const tries = new Map<number, number>();
  const job = (id: number, room: number) => async (): Promise<number> => {
    const n = (tries.get(id) ?? 0) + 1;
    tries.set(id, n);
    const a: Attempt = { job: id, room, start: clock.now };
    attempts.push(a);
    if (clock.now < blockedUntil) violations.push(`job ${id} started at ${clock.now}, during a 409 wait (until ${blockedUntil})`);
    if (inFlightRooms.has(room)) violations.push(`job ${id}: room ${room} already had a write in flight`);
    inFlightRooms.add(room);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    if (inFlight > o.concurrency) violations.push(`${inFlight} writes in flight (limit ${o.concurrency})`);
    try {
      await clock.sleep(o.latency(id, n));
      const wait = o.throttle?.(id, n);
      if (wait !== undefined) {
        a.outcome = '409';
        blockedUntil = Math.max(blockedUntil, clock.now + wait);
        throw new ThrottledError(wait);
      }
      a.outcome = 'ok';
      return id;
    } finally {
      a.end = clock.now;
      inFlightRooms.delete(room);
      inFlight--;
    }
  };
  return { attempts, violations, job, get maxInFlight() { return maxInFlight; } };
}

/** Job ids in the order their successful attempt started, per room. */
function okOrderByRoom(attempts: Attempt[]): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (const a of attempts) if (a.outcome === 'ok') (m.get(a.room) ?? m.set(a.room, []).get(a.room)!).push(a.job);
  return m;
}

describe('SendQueue with several writes in flight', () => {
  it('refuses a concurrency that is not a positive integer', () => {
    expect(() => new SendQueue({ concurrency: 0 })).toThrow(ChatInputError);
    expect(() => new SendQueue({ concurrency: 1.5 })).toThrow(ChatInputError);
  });

  it('property: random latencies — per-room order kept, ≤ 1 in flight per room, ≤ concurrency overall, all delivered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.record({ room: fc.integer({ min: 1, max: 5 }), latency: fc.integer({ min: 1, max: 50 }), arriveAfter: fc.integer({ min: 0, max: 20 }) }), { minLength: 1, maxLength: 60 }),
        async (concurrency, jobs) => {
          const clock = new VirtualClock();
          const q = new SendQueue({ concurrency, sleep: clock.sleep });
          const server = fakeServer(clock, { concurrency, latency: (id) => jobs[id]!.latency });
          const all = (async () => {
            const ps: Promise<number>[] = [];
            for (let id = 0; id < jobs.length; id++) {
              if (jobs[id]!.arriveAfter > 10) await clock.sleep(jobs[id]!.arriveAfter - 10);
              ps.push(q.enqueue({ roomId: jobs[id]!.room, run: server.job(id, jobs[id]!.room) }));
            }
            return Promise.all(ps);
          })();
          await clock.run(all);
          expect(await all).toEqual(jobs.map((_, id) => id));
          expect(server.violations).toEqual([]);
          for (const [room, order] of okOrderByRoom(server.attempts)) {
            expect(order).toEqual(jobs.map((j, id) => (j.room === room ? id : -1)).filter((id) => id >= 0));
          }
          expect(q.backlog).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('uses the concurrency: writes to different rooms overlap, never more than the limit', async () => {
    const clock = new VirtualClock();
    const q = new SendQueue({ concurrency: 4, sleep: clock.sleep });
    const server = fakeServer(clock, { concurrency: 4, latency: () => 10 });
    const all = Promise.all(Array.from({ length: 20 }, (_, id) => q.enqueue({ roomId: (id % 10) + 1, run: server.job(id, (id % 10) + 1) })));
    expect(q.backlog).toBe(20);
    expect(q.inFlight).toBe(4);
    await clock.run(all);
    expect(server.maxInFlight).toBe(4);
    expect(server.violations).toEqual([]);
    // 20 writes of 10 ms, 4 at a time: 50 ms, not 200
    expect(clock.now).toBe(50);
  });

  it('concurrency 1 is strictly serial: one write at a time over all rooms, in queue order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ room: fc.integer({ min: 1, max: 4 }), latency: fc.integer({ min: 1, max: 30 }) }), { minLength: 1, maxLength: 40 }), async (jobs) => {
        const clock = new VirtualClock();
        const q = new SendQueue({ concurrency: 1, sleep: clock.sleep });
        const server = fakeServer(clock, { concurrency: 1, latency: (id) => jobs[id]!.latency });
        const all = Promise.all(jobs.map((j, id) => q.enqueue({ roomId: j.room, run: server.job(id, j.room) })));
        await clock.run(all);
        expect(server.maxInFlight).toBe(1);
        expect(server.violations).toEqual([]);
        expect(server.attempts.map((a) => a.job)).toEqual(jobs.map((_, id) => id));
      }),
      { numRuns: 60 },
    );
  });

  it('replies start before queued normal writes when a slot frees', async () => {
    const clock = new VirtualClock();
    const q = new SendQueue({ concurrency: 2, sleep: clock.sleep });
    const server = fakeServer(clock, { concurrency: 2, latency: (id) => (id === 0 ? 10 : id === 1 ? 20 : 5) });
    const spec: [number, SendPriority][] = [[1, 'normal'], [2, 'normal'], [3, 'normal'], [4, 'normal'], [5, 'reply'], [6, 'reply']];
    const all = Promise.all(spec.map(([room, priority], id) => q.enqueue({ roomId: room, priority, run: server.job(id, room) })));
    await clock.run(all);
    // jobs 0 and 1 fill both slots; then the replies (4, 5) go before the older normal writes (2, 3)
    expect(server.attempts.map((a) => a.job)).toEqual([0, 1, 4, 5, 2, 3]);
    expect(server.violations).toEqual([]);
  });

  it('a 409 on one write pauses every room for exactly the stated wait; the throttled write goes first for its room; nothing lost', async () => {
    const clock = new VirtualClock();
    const throttled: number[] = [];
    const q = new SendQueue({ concurrency: 4, sleep: clock.sleep });
    q.on('throttled', (ms: number) => throttled.push(ms));
    // job 2 (room 3) gets a 409 "again in 3 seconds" on its first attempt, answered at t = 5
    const server = fakeServer(clock, { concurrency: 4, latency: (id, n) => (id === 2 && n === 1 ? 5 : 10), throttle: (id, n) => (id === 2 && n === 1 ? 3000 : undefined) });
    const rooms = [1, 2, 3, 4, 1, 2, 3, 4, 5, 3];
    const all = Promise.all(rooms.map((room, id) => q.enqueue({ roomId: room, run: server.job(id, room) })));
    await clock.run(all);
    expect(await all).toEqual(rooms.map((_, id) => id));
    expect(server.violations).toEqual([]);
    expect(throttled).toEqual([3000]);
    // jobs 0, 1, 3 (in flight when the 409 came) were answered at t = 10; nothing started in [5, 3005)
    const after409 = server.attempts.filter((a) => a.start >= 5);
    expect(Math.min(...after409.map((a) => a.start))).toBe(3005);
    // the retry of job 2 is the first write after the pause (exactly at its end), before job 6 of room 3
    expect(after409[0]).toMatchObject({ job: 2, start: 3005, outcome: 'ok' });
    expect(okOrderByRoom(server.attempts).get(3)).toEqual([2, 6, 9]);
    // right after a 409 the account writes one at a time
    for (let i = 1; i < after409.length; i++) expect(after409[i]!.start).toBeGreaterThanOrEqual(after409[i - 1]!.end!);
    expect(q.stats).toMatchObject({ sent: 10, failed: 0, throttled: 1 });
  });

  it('409s met by writes already in flight extend the pause to the latest end, never shorten it', async () => {
    const clock = new VirtualClock();
    const q = new SendQueue({ concurrency: 3, sleep: clock.sleep });
    // three writes in flight; the first two are answered 409 (2 s, then 1 s later a 5 s one), the third succeeds
    const server = fakeServer(clock, {
      concurrency: 3,
      latency: (id, n) => (n > 1 ? 10 : id === 0 ? 10 : id === 1 ? 1010 : 20),
      throttle: (id, n) => (n === 1 && id === 0 ? 2000 : n === 1 && id === 1 ? 5000 : undefined),
    });
    const all = Promise.all([0, 1, 2, 3].map((id) => q.enqueue({ roomId: id + 1, run: server.job(id, id + 1) })));
    await clock.run(all);
    expect(server.violations).toEqual([]);
    const retries = server.attempts.filter((a) => a.start > 1010);
    // second 409 answered at t = 1010 with 5 s: nothing before 6010, then retries oldest first
    expect(retries.map((a) => [a.job, a.start])).toEqual([[0, 6010], [1, 6020], [3, 6030]]);
    expect(await all).toEqual([0, 1, 2, 3]);
  });

  it('property: random 409s never let a write start during a wait, lose nothing and keep per-room order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.record({ room: fc.integer({ min: 1, max: 4 }), latency: fc.integer({ min: 1, max: 40 }), reply: fc.boolean() }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat({ max: 39 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 })), { maxLength: 8 }),
        async (concurrency, jobs, throttles) => {
          const clock = new VirtualClock();
          const q = new SendQueue({ concurrency, sleep: clock.sleep, maxThrottleRetries: 100 });
          const server = fakeServer(clock, {
            concurrency,
            latency: (id) => jobs[id]!.latency,
            throttle: (id, n) => {
              const t = throttles.find(([j, attempt]) => j === id && attempt === n);
              return t ? t[2] * 1000 : undefined;
            },
          });
          const all = Promise.all(jobs.map((j, id) => q.enqueue({ roomId: j.room, priority: j.reply ? 'reply' : 'normal', run: server.job(id, j.room) })));
          await clock.run(all);
          expect(await all).toEqual(jobs.map((_, id) => id));
          expect(server.violations).toEqual([]);
          // per room and priority, successful writes in queue order
          const okStart = new Map(server.attempts.filter((a) => a.outcome === 'ok').map((a) => [a.job, a.start]));
          for (let a = 0; a < jobs.length; a++)
            for (let b = a + 1; b < jobs.length; b++)
              if (jobs[a]!.room === jobs[b]!.room && jobs[a]!.reply === jobs[b]!.reply) expect(okStart.get(a)!).toBeLessThan(okStart.get(b)!);
          expect(q.backlog).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('backlog counts queued writes plus those in flight or waiting to retry', async () => {
    const clock = new VirtualClock();
    const q = new SendQueue({ concurrency: 2, sleep: clock.sleep });
    const server = fakeServer(clock, { concurrency: 2, latency: () => 10, throttle: (id, n) => (id === 0 && n === 1 ? 1000 : undefined) });
    const all = Promise.all([1, 2, 3, 1].map((room, id) => q.enqueue({ roomId: room, run: server.job(id, room) })));
    expect([q.backlog, q.inFlight]).toEqual([4, 2]);
    let drained = 0;
    q.on('drain', () => drained++);
    const seen: [number, number, boolean][] = [];
    const probe = (async () => {
      await clock.sleep(500); // inside the 409 wait: job 0 waits, job 1 done, nothing in flight
      seen.push([q.backlog, q.inFlight, q.isPaused]);
    })();
    await clock.run(Promise.all([all, probe]));
    expect(seen).toEqual([[3, 0, true]]);
    expect([q.backlog, q.inFlight, q.isPaused]).toEqual([0, 0, false]);
    expect(drained).toBe(1);
  });
});
