import { describe, expect, it } from '@jest/globals';
import { FixedDelayScheduler } from '../src/scheduler/fixed-delay-scheduler.js';
import { captureLogger } from './capture-logger.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
};

describe('FixedDelayScheduler at run time: describe, stopJob, startJob, remove', () => {
  it('reports state, last run, last error and next run; stops, starts and removes one job by name', async () => {
    const { logger } = captureLogger();
    const s = new FixedDelayScheduler(logger);
    let a = 0;
    let b = 0;
    s.add({ name: 'a', intervalMs: 10, run: () => void a++ });
    s.add({ name: 'b', intervalMs: 10, run: () => { b++; throw new Error(`b failed ${b}`); } });
    expect(s.describe().map((j) => [j.name, j.state, j.nextRunAt])).toEqual([['a', 'idle', null], ['b', 'idle', null]]);
    const t0 = Date.now();
    s.start();
    await until('a and b to run twice', () => a >= 2 && b >= 2);
    const [ja, jb] = s.describe();
    expect(ja).toMatchObject({ name: 'a', intervalMs: 10, errors: 0, lastError: null });
    expect(['scheduled', 'running']).toContain(ja!.state);
    expect(ja!.runs).toBeGreaterThanOrEqual(2);
    expect(ja!.lastRunAt).toBeGreaterThanOrEqual(t0);
    expect(jb!.lastError?.message).toMatch(/^b failed \d+$/);
    expect(jb!.errors).toBe(jb!.runs);

    expect(await s.stopJob('a')).toBe(true);
    const stoppedAt = a;
    await sleep(50);
    expect(a).toBe(stoppedAt);
    expect(s.describe()[0]).toMatchObject({ state: 'stopped', nextRunAt: null });
    await until('b to keep running', () => b > jb!.runs + 1); // the other job kept running

    expect(s.startJob('a')).toBe(true);
    await until('a to run again', () => a > stoppedAt);
    expect(s.describe()[0]!.state).not.toBe('stopped');

    expect(await s.remove('b')).toBe(true);
    const removedAt = b;
    await sleep(40);
    expect(b).toBe(removedAt);
    expect(s.describe().map((j) => j.name)).toEqual(['a']);
    expect(await s.stopJob('nope')).toBe(false);
    expect(s.startJob('nope')).toBe(false);
    expect(await s.remove('nope')).toBe(false);

    // a job stopped by name stays stopped across a scheduler stop/start (standby → active)
    await s.stopJob('a');
    await s.stop();
    s.start();
    const before = a;
    await sleep(40);
    expect(a).toBe(before);
    await s.stop();
  });
});
