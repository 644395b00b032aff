import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BackgroundTask, type BackgroundTaskOptions, type Coordinator, type CoordinatorRole } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';
import { captureLogger } from './capture-logger.js';

// Cron schedules end to end: a real app on the emulator, per-second patterns (croner's 6-field form)
// so nothing waits minutes, a coordinator test double for standby, and a restart on the same storage.

/** A coordinator test double: the test decides the role. */
class FakeCoordinator implements Coordinator {
  readonly kind = 'fake';
  role: CoordinatorRole = 'starting';
  location: string | null = 'rack-1';
  private readonly listeners = new Set<(role: CoordinatorRole, previous: CoordinatorRole) => void>();
  async start(): Promise<void> {
    this.set('active');
  }
  async stop(): Promise<void> {}
  onRoleChange(fn: (role: CoordinatorRole, previous: CoordinatorRole) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  mayAct(): boolean {
    return this.role === 'active';
  }
  dataChanged(): void {}
  set(role: CoordinatorRole): void {
    const previous = this.role;
    this.role = role;
    for (const fn of this.listeners) fn(role, previous);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (what: string, cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
};

/** A task class made at run time (the pattern depends on the current time), counting its runs. */
function task(name: string, options: BackgroundTaskOptions, run: (signal: AbortSignal) => unknown = () => undefined) {
  const counter = { runs: 0, at: [] as number[] };
  const cls = class {
    run(signal: AbortSignal) {
      counter.runs++;
      counter.at.push(Date.now());
      return run(signal);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  BackgroundTask({ name, ...options })(cls);
  return { cls, counter };
}

/** A once-a-minute pattern firing `aheadMs` from now or a little later (at a whole second), and that time. */
function inAFewSeconds(aheadMs: number): { cron: string; at: number } {
  const at = Math.ceil((Date.now() + aheadMs) / 1000) * 1000;
  return { cron: `${new Date(at).getUTCSeconds()} * * * * *`, at };
}

describe('cron background tasks', () => {
  let bot: TestBot;
  const log = captureLogger();
  const everySecond = task('every-second', { cron: '* * * * * *' });
  const weekdays = task('weekday-report', { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' });
  let aborted: unknown = null;
  const stuck = task('stuck-cron', { cron: '* * * * * *' }, (signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => {
    aborted = signal.reason;
    resolve();
  })));

  beforeAll(async () => {
    bot = await createTestBot({ logger: log.logger, health: { port: 0 }, tasks: [everySecond.cls, weekdays.cls], stopGrace: 0.3, messages: { startup: null } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('runs a per-second cron task at whole seconds, and shows the next run in app.tasks and /health', async () => {
    await waitFor('two runs', () => everySecond.counter.runs >= 2);
    // at the pattern's times: whole seconds, a second apart (not at start, not at a fixed delay)
    const [a, b] = everySecond.counter.at;
    expect(a! % 1000).toBeLessThan(300);
    expect(Math.round((b! - a!) / 1000)).toBe(1);
    const info = bot.app.tasks.get('every-second')!;
    expect(info).toMatchObject({ cron: '* * * * * *', timezone: null, intervalMs: null });
    if (info.state === 'scheduled') {
      expect(info.nextRunAt! % 1000).toBe(0);
      expect(info.nextRunAt! - Date.now()).toBeLessThanOrEqual(1000);
    }
    const health = (await (await fetch(`${bot.app.healthUrl}/health`)).json()) as { tasks: { name: string; cron: string | null; nextRun: string | null; nextRunAt: number | null }[] };
    const report = health.tasks.find((t) => t.name === 'weekday-report')!;
    expect(report.cron).toBe('0 9 * * 1-5');
    expect(report.nextRunAt).toBe(bot.app.tasks.get('weekday-report')!.nextRunAt);
    expect(report.nextRun).toBe(new Date(report.nextRunAt!).toISOString());
    expect(health.tasks.find((t) => t.name === 'housekeeping')).toMatchObject({ cron: null, intervalMs: 300_000 });
  });

  it('reads the pattern in its time zone: next run at 09:00 Berlin time on a weekday, not at once', async () => {
    const next = bot.app.tasks.get('weekday-report')!.nextRunAt!;
    expect(next).toBeGreaterThan(Date.now());
    expect(next - Date.now()).toBeLessThanOrEqual(4 * 24 * 3600_000);
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(next);
    expect(berlin).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
    expect(weekdays.counter.runs).toBe(0);
    expect(bot.app.tasks.get('weekday-report')).toMatchObject({ timezone: 'Europe/Berlin', state: 'scheduled', runs: 0 });
  });

  it('waits longer than a Node timer can (Feb 29, years away) without running early', async () => {
    const leap = task('leap-day', { cron: '0 12 29 2 *', timezone: 'UTC' });
    bot.app.addBackgroundTask(leap.cls);
    await waitFor('planned', () => bot.app.tasks.get('leap-day')?.nextRunAt != null);
    const next = new Date(bot.app.tasks.get('leap-day')!.nextRunAt!);
    expect([next.getUTCMonth(), next.getUTCDate(), next.getUTCHours()]).toEqual([1, 29, 12]);
    await sleep(300);
    expect(leap.counter.runs).toBe(0);
    await bot.app.tasks.remove('leap-day');
  });

  it('keeps the stop guarantees: a run that outlives stopGrace is told to give up (its signal aborted)', async () => {
    bot.app.addBackgroundTask(stuck.cls);
    await waitFor('the stuck task to run', () => stuck.counter.runs === 1);
    const t0 = Date.now();
    await bot.app.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(String(aborted)).toMatch(/stuck-cron outlived the grace period/);
    const runs = everySecond.counter.runs;
    await sleep(1200);
    expect(everySecond.counter.runs).toBe(runs); // nothing runs after stop
  });

  it('refuses a bad pattern, a bad time zone, and interval together with cron, at bootstrap', async () => {
    const bad = (options: BackgroundTaskOptions) => createTestBot({ tasks: [task('bad', options).cls], start: false });
    await expect(bad({ cron: '61 * * * *' })).rejects.toThrow(/bad: invalid cron pattern "61 \* \* \* \*": Invalid value for minute: 61/);
    await expect(bad({ cron: 'every day' })).rejects.toThrow(/bad: invalid cron pattern "every day".*e\.g\. '0 9 \* \* 1-5'/);
    await expect(bad({ cron: '0 9 * * *', timezone: 'Mars/Olympus' })).rejects.toThrow(/bad: unknown time zone "Mars\/Olympus": use an IANA name/);
    await expect(bad({ cron: '0 9 * * *', interval: 60 })).rejects.toThrow(/give either interval or cron, not both/);
    await expect(bad({ interval: 60, timezone: 'UTC' })).rejects.toThrow(/timezone applies to cron schedules only/);
    await expect(bad({ interval: 60, catchUp: true })).rejects.toThrow(/catchUp applies to cron schedules only/);
  });
});

describe('cron runs missed while on standby or stopped (the missed-run policy)', () => {
  it('on standby: skipped by default; with catchUp: true, run once at takeover', async () => {
    const fake = new FakeCoordinator();
    const bot = await createTestBot({ coordinator: () => fake, messages: { startup: null, standby: null, failover: null } });
    try {
      const { cron, at } = inAFewSeconds(2500);
      const skipper = task('skipper', { cron });
      const catcher = task('catcher', { cron, catchUp: true });
      bot.app.addBackgroundTask(skipper.cls);
      bot.app.addBackgroundTask(catcher.cls);
      await waitFor('both planned', () => bot.app.tasks.get('skipper')?.nextRunAt === at && bot.app.tasks.get('catcher')?.nextRunAt === at);
      fake.set('standby');
      await waitFor('standby', () => bot.app.atStandby);
      expect(Date.now()).toBeLessThan(at); // the run is still ahead: it is missed on standby, not run before
      expect(bot.app.tasks.get('catcher')).toMatchObject({ state: 'idle', nextRunAt: null });
      await waitFor('the planned time to pass', () => Date.now() > at + 300, 5000);
      expect(skipper.counter.runs + catcher.counter.runs).toBe(0); // nothing runs on standby
      fake.set('active');
      await waitFor('the catch-up run', () => catcher.counter.runs === 1, 3000);
      expect(catcher.counter.at[0]! - at).toBeGreaterThan(300); // at takeover, not at the planned time
      await sleep(1500);
      expect(catcher.counter.runs).toBe(1); // once, not again until the next planned time
      expect(skipper.counter.runs).toBe(0);
      expect(bot.app.tasks.get('skipper')!.nextRunAt).toBe(at + 60_000);
      expect(bot.app.tasks.get('catcher')!.nextRunAt).toBe(at + 60_000);
    } finally {
      await bot.stop();
    }
  });

  it('while stopped: the restarted bot (same storage) catches up once with catchUp, skips without', async () => {
    const { cron, at } = inAFewSeconds(2500);
    const skipper = task('skipper', { cron });
    const catcher = task('catcher', { cron, catchUp: true });
    const bot = await createTestBot({ tasks: [skipper.cls, catcher.cls], messages: { startup: null } });
    try {
      await waitFor('both planned', () => bot.app.tasks.get('catcher')?.nextRunAt === at);
      await bot.app.stop();
      expect(Date.now()).toBeLessThan(at);
      await waitFor('the planned time to pass', () => Date.now() > at + 300, 5000);
      await bot.restart();
      await waitFor('the catch-up run', () => catcher.counter.runs === 1, 3000);
      await sleep(1000);
      expect(catcher.counter.runs).toBe(1);
      expect(skipper.counter.runs).toBe(0);
      expect(bot.app.tasks.get('skipper')!.nextRunAt).toBe(at + 60_000);
    } finally {
      await bot.stop();
    }
  });
});
