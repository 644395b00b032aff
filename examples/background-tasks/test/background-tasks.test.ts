import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { BackgroundTask, getBackgroundTaskMetadata, inject, Logger } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';
import { backgroundTasksBot } from '../src/bot.js';
import { BarTask, bar } from '../src/tasks/bar.task.js';
import { FooTask } from '../src/tasks/foo.task.js';

// The example's schedules (10 s and 1 s) with short intervals, so the test takes about a second.
@BackgroundTask({ interval: 0.2 })
class QuickFoo extends FooTask {
  constructor(@inject(Logger) logger: Logger) {
    super(logger);
  }
}
@BackgroundTask({ interval: 0.05 })
class QuickBar extends BarTask {
  constructor(@inject(Logger) logger: Logger) {
    super(logger);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('examples/background-tasks on the emulator', () => {
  let bot: TestBot;
  const runs: { msg: string; at: number }[] = [];
  const count = (msg: string) => runs.filter((r) => r.msg === msg).length;

  beforeAll(async () => {
    bot = await createTestBot({ ...backgroundTasksBot, tasks: [QuickFoo, QuickBar], emulator: { server: 'stackoverflow' }, start: false });
    // the tasks log through the application's (silent) logger: record what they say
    jest.spyOn(bot.app.logger, 'info').mockImplementation(((msg: unknown) => {
      if (typeof msg === 'string') runs.push({ msg, at: performance.now() });
    }) as never);
    await bot.app.start();
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('declares the guide\'s schedules: foo every 10 s, bar(5, 10) every second', () => {
    expect(getBackgroundTaskMetadata(FooTask)).toEqual({ interval: 10 });
    expect(getBackgroundTaskMetadata(BarTask)).toEqual({ interval: 1 });
    expect(backgroundTasksBot.tasks).toEqual([FooTask, BarTask]);
    expect(bar(5, 10)).toBe(15);
  });

  it('runs both tasks repeatedly on their own schedules, with a fixed delay between runs', async () => {
    await sleep(1000);
    const foo = count('foo');
    const bars = runs.filter((r) => r.msg === 'bar: 15');
    // generous bounds: 1 s holds at most 6 foo runs and 21 bar runs; a loaded machine may run fewer
    expect(foo).toBeGreaterThanOrEqual(2);
    expect(foo).toBeLessThanOrEqual(6);
    expect(bars.length).toBeGreaterThanOrEqual(6);
    expect(bars.length).toBeLessThanOrEqual(21);
    expect(bars.length).toBeGreaterThan(foo);
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.at - bars[i - 1]!.at).toBeGreaterThanOrEqual(45);
  });

  it('stop on standby and start again on failover', async () => {
    await bot.app.standby();
    const before = runs.length;
    await sleep(300);
    expect(runs.slice(before).filter((r) => r.msg === 'foo' || r.msg === 'bar: 15')).toEqual([]);
    await bot.app.failover();
    await sleep(300);
    expect(count('bar: 15')).toBeGreaterThan(runs.slice(0, before).filter((r) => r.msg === 'bar: 15').length);
  });

  it('stop when the bot stops', async () => {
    expect((await bot.room(1).say({ id: 1, name: 'Alice Owner' }, '@taskbot stop'))[0]!.text).toBe('Stopping…');
    await bot.app.whenStopped();
    const tasksRuns = count('foo') + count('bar: 15');
    await sleep(400);
    expect(count('foo') + count('bar: 15')).toBe(tasksRuns);
  });
});

describe('examples/background-tasks: the tasks at run time', () => {
  let bot: TestBot;
  const runs: string[] = [];
  const count = (msg: string) => runs.filter((r) => r === msg).length;
  beforeAll(async () => {
    bot = await createTestBot({ ...backgroundTasksBot, tasks: [QuickFoo, QuickBar], messages: { startup: null }, start: false });
    jest.spyOn(bot.app.logger, 'info').mockImplementation(((msg: unknown) => {
      if (typeof msg === 'string') runs.push(msg);
    }) as never);
    await bot.app.start();
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('tasks / task stop / task start: the tasks at run time through app.tasks (stopping needs a room owner)', async () => {
    const bob = { id: 2, name: 'Bob' };
    const alice = { id: 1, name: 'Alice Owner' };
    // the listing shows the last run: wait (bounded) until each task has run once
    for (const end = Date.now() + 10_000; (count('foo') === 0 || count('bar: 15') === 0) && Date.now() < end; ) await sleep(20);
    const listing = (await bot.room(1).say(bob, '@TaskBot tasks'))[0]!.text;
    expect(listing).toMatch(/QuickFoo: (scheduled|running), \d+ runs, last \d+ s ago/);
    expect(listing).toMatch(/QuickBar: (scheduled|running)/);
    expect((await bot.room(1).say(bob, '@TaskBot task stop QuickBar'))[0]!.text).toMatch(/owners/);
    expect((await bot.room(1).say(alice, '@TaskBot task stop QuickBar'))[0]!.text).toBe('QuickBar stopped.');
    const stopped = count('bar: 15');
    await sleep(200);
    expect(count('bar: 15')).toBe(stopped);
    expect((await bot.room(1).say(bob, '@TaskBot tasks'))[0]!.text).toMatch(/QuickBar: stopped/);
    expect((await bot.room(1).say(alice, '@TaskBot task start QuickBar'))[0]!.text).toBe('QuickBar started.');
    for (const end = Date.now() + 10_000; count('bar: 15') === stopped && Date.now() < end; ) await sleep(20);
    expect(count('bar: 15')).toBeGreaterThan(stopped);
    expect((await bot.room(1).say(alice, '@TaskBot task stop nothing'))[0]!.text).toMatch(/^There is no task called nothing: /);
  });
});
