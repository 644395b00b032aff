import { describe, expect, it } from '@jest/globals';
import { FixedDelayScheduler } from '../src/scheduler/fixed-delay-scheduler.js';
import { captureLogger } from './capture-logger.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FixedDelayScheduler', () => {
  it('never overlaps a slow job with itself and keeps a fixed delay after each run', async () => {
    const { logger } = captureLogger();
    const s = new FixedDelayScheduler(logger);
    let concurrent = 0;
    let maxConcurrent = 0;
    const spans: [number, number][] = [];
    s.add({
      name: 'slow', intervalMs: 10, run: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        const start = Date.now();
        await sleep(40); // four times the interval
        spans.push([start, Date.now()]);
        concurrent--;
      },
    });
    s.start();
    await sleep(250);
    await s.stop();
    expect(maxConcurrent).toBe(1);
    expect(spans.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0] - spans[i - 1][1]).toBeGreaterThanOrEqual(9);
    const runs = spans.length;
    await sleep(60);
    expect(spans.length).toBe(runs); // stopped means stopped
  });

  it('logs a throwing run with its stack and keeps the schedule', async () => {
    const { logger, lines } = captureLogger();
    const s = new FixedDelayScheduler(logger);
    let n = 0;
    s.add({ name: 'flaky', intervalMs: 5, run: () => { n++; throw new Error('boom'); } });
    s.start();
    await sleep(60);
    await s.stop();
    expect(n).toBeGreaterThanOrEqual(3);
    const errors = lines.filter((l) => l.task === 'flaky' && l.level === 50);
    expect(errors.length).toBe(n);
    expect(errors[0].err.stack).toContain('boom');
    expect(s.jobs()[0]).toMatchObject({ name: 'flaky', runs: n, errors: n });
  });

  it('stop waits for a run in progress; start again resumes; jobs added while running start at once', async () => {
    const { logger } = captureLogger();
    const s = new FixedDelayScheduler(logger);
    let finished = false;
    s.add({ name: 'long', intervalMs: 1000, run: async () => { await sleep(50); finished = true; } });
    s.start();
    await sleep(10);
    await s.stop();
    expect(finished).toBe(true);
    let ran = 0;
    s.start();
    s.add({ name: 'late', intervalMs: 1000, run: () => { ran++; } });
    await sleep(20);
    expect(ran).toBe(1);
    await s.stop();
    expect(s.running).toBe(false);
  });

  it('stop is bounded: a run that never settles gets its signal aborted after the grace period and is logged', async () => {
    const { logger, lines } = captureLogger();
    const s = new FixedDelayScheduler(logger);
    let reason: unknown;
    s.add({ name: 'stuck', intervalMs: 1000, run: (signal) => new Promise(() => signal.addEventListener('abort', () => (reason = signal.reason))) });
    s.start();
    await sleep(10);
    const t0 = Date.now();
    await s.stop(50);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(reason).toMatchObject({ code: 'LIFECYCLE' });
    expect(lines.some((l) => l.task === 'stuck' && l.level === 40)).toBe(true);
  });
});
