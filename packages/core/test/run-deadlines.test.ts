import { describe, expect, it } from '@jest/globals';
import { RunAbort } from '../src/commands/run-abort.js';
import { RunClock } from '../src/commands/run-clock.js';
import { RunDeadlines } from '../src/commands/run-deadlines.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RunDeadlines: the runs\' timeouts on one shared timer', () => {
  it('expires each clock at its own time, in order, and never one that was cleared', async () => {
    const deadlines = new RunDeadlines();
    const fired: string[] = [];
    const t0 = Date.now();
    const at: Record<string, number> = {};
    const clock = (name: string, ms: number) => {
      const c = new RunClock(ms, deadlines);
      void c.expired.then(() => {
        fired.push(name);
        at[name] = Date.now() - t0;
      });
      return c;
    };
    clock('slow', 300);
    clock('fast', 60);
    const cleared = clock('cleared', 30);
    clock('middle', 150);
    cleared.clear();
    expect(deadlines.size).toBe(3);
    await sleep(450);
    expect(fired).toEqual(['fast', 'middle', 'slow']);
    expect(at.fast).toBeGreaterThanOrEqual(59);
    expect(at.middle).toBeGreaterThanOrEqual(149);
    expect(at.slow).toBeGreaterThanOrEqual(299);
    expect(at.slow).toBeLessThan(420);
    expect(deadlines.size).toBe(0);
  });

  it('a paused clock stands still on the shared timer and runs on when resumed', async () => {
    const deadlines = new RunDeadlines();
    const c = new RunClock(100, deadlines);
    let expired = false;
    void c.expired.then(() => (expired = true));
    await sleep(40);
    const resume = c.pause();
    expect(deadlines.size).toBe(0);
    await sleep(150); // past the original 100 ms: paused, so not expired
    expect(expired).toBe(false);
    resume();
    resume(); // twice is harmless
    expect(deadlines.size).toBe(1);
    await sleep(30);
    expect(expired).toBe(false); // ~60 ms were left
    await sleep(80);
    expect(expired).toBe(true);
  });

  it('a timer that fires before the clock it reads says the deadline is due waits again instead of expiring early', async () => {
    let t = 0; // a clock that stands still: the timer fires at 40 ms real time, but by this clock nothing is due
    const now = () => t;
    const deadlines = new RunDeadlines(now);
    let expired = false;
    const c = new RunClock(40, deadlines);
    void c.expired.then(() => (expired = true));
    await sleep(100);
    expect(expired).toBe(false);
    expect(deadlines.size).toBe(1);
    t = 40;
    await sleep(100);
    expect(expired).toBe(true);
    expect(deadlines.size).toBe(0);
  });

  it('does not keep the process alive', () => {
    const deadlines = new RunDeadlines();
    const c = new RunClock(60_000, deadlines);
    const timer = (deadlines as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer.hasRef()).toBe(false);
    c.clear();
  });
});

describe('RunAbort: a run\'s abort switch with a signal made on demand', () => {
  it('a signal read before the abort is aborted with the reason', () => {
    const a = new RunAbort();
    const s = a.signal;
    let heard: unknown;
    s.addEventListener('abort', () => (heard = s.reason));
    expect(s.aborted).toBe(false);
    const reason = new Error('time is up');
    a.abort(reason);
    expect([a.aborted, a.reason, s.aborted, heard]).toEqual([true, reason, true, reason]);
    expect(a.signal).toBe(s);
  });

  it('a signal first read after the abort is already aborted, with the same reason; a second abort changes nothing', () => {
    const a = new RunAbort();
    const reason = new Error('stopping');
    a.abort(reason);
    a.abort(new Error('later'));
    expect(a.reason).toBe(reason);
    expect(a.signal.aborted).toBe(true);
    expect(a.signal.reason).toBe(reason);
  });
});
