import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { container, BackgroundTask, inject, OnRedundaEvent } from '@botpy/core';
import type { RedundaEvent } from '@botpy/redunda';
import { RedundaEmulator } from '@botpy/emulator';
import { RedundaClient } from '@botpy/redunda';
import { createTestBot, type TestBot } from '@botpy/testing';
import { PROBE, sleep } from './fixtures/commands.js';

interface Counter { runs: number }

@BackgroundTask({ interval: 0.02 })
class CountingTask {
  constructor(@inject(PROBE) private readonly c: Counter) {}
  run(): void {
    this.c.runs++;
  }
}

const deploys: { name: string; version: unknown; broadcast: boolean }[] = [];
class DeployListener {
  @OnRedundaEvent('deploy')
  onDeploy(e: RedundaEvent): void {
    deploys.push({ name: e.name, version: (e.json() as { version: unknown }).version, broadcast: e.isBroadcast });
  }
}

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
};

describe('Redunda end to end', () => {
  let redunda: RedundaEmulator;
  let bot: TestBot;
  let key: string;
  let backupKey: string;
  const counter: Counter = { runs: 0 };
  const bob = { id: 2, name: 'Bob' };

  beforeAll(async () => {
    redunda = await RedundaEmulator.start({ port: 0 });
    redunda.addBot({ id: 7, name: 'TestBot' });
    key = redunda.addInstance({ botId: 7, priority: 1, location: 'primary/eu' }).key;
    backupKey = redunda.addInstance({ botId: 7, priority: 2, location: 'backup/us' }).key;
    const parent = container.createChildContainer();
    parent.registerInstance(PROBE, counter);
    bot = await createTestBot({
      container: parent,
      tasks: [CountingTask],
      handlers: [DeployListener],
      privileges: [{ level: 1, name: 'regular' }],
      redunda: { key, version: '1.2.3', origin: redunda.origin, pingInterval: 0.05 },
      messages: { startup: 'up', standby: 'standing by', failover: 'failing over' },
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await redunda?.stop();
  });

  it('starts active when Redunda prefers this instance, with Redunda\'s location', async () => {
    expect(bot.app.atStandby).toBe(false);
    expect(bot.app.redunda?.role).toBe('active');
    expect(bot.room(1).transcript().at(-1)?.text).toBe('up');
    expect(redunda.pings().some((p) => p.version === '1.2.3')).toBe(true);
    expect((await bot.room(1).say(bob, '@tes location'))[0].text).toMatch(/^This instance runs at .*primary\/eu\.$/);
    await waitFor(() => counter.runs > 0);
  });

  it('delivers Redunda events to @OnRedundaEvent handlers, once each, filtered by name', async () => {
    redunda.postEvent(7, 'other', '{}');
    redunda.postEvent(7, 'deploy', JSON.stringify({ version: '2.0.0' }));
    await waitFor(() => deploys.length === 1 && redunda.pendingEvents(7) === 0, 4000);
    await sleep(200); // a few more pings: nothing is delivered twice
    expect(deploys).toEqual([{ name: 'deploy', version: '2.0.0', broadcast: false }]);
  });

  it('uploads the privileges file after a change', async () => {
    await bot.app.privileges.grant(1, bob, 'regular');
    const stored = () => {
      const f = redunda.files(7).get('privileges.json');
      return f ? JSON.parse(f.data.toString('utf8')) : null;
    };
    await waitFor(() => stored()?.grants.length === 1, 4000);
    expect(stored().grants).toEqual([expect.objectContaining({ userId: 2, level: 1 })]);
  });

  it('on standby: tasks stop, commands are ignored, the standby message is posted', async () => {
    // the backup instance is alive and now preferred
    await new RedundaClient({ key: backupKey, version: '1.2.3', origin: redunda.origin }).ping();
    redunda.setPriority(key, 10);
    await waitFor(() => bot.app.atStandby);
    await waitFor(() => bot.room(1).transcript().at(-1)?.text === 'standing by');
    expect(await bot.room(1).say(bob, '@tes alive')).toEqual([]);
    const runs = counter.runs;
    await sleep(120);
    expect(counter.runs).toBe(runs);
  });

  it('on active again: downloads data, restarts tasks, accepts commands, posts the failover message', async () => {
    // another instance changed the data meanwhile
    const file = { version: 1, grants: [{ roomId: 1, userId: 3, userName: 'Carol', level: 1, grantedBy: null, grantedAt: 1 }] };
    redunda.putFile(7, 'privileges.json', JSON.stringify(file));
    const runs = counter.runs;
    redunda.setPriority(key, 1);
    await waitFor(() => !bot.app.atStandby);
    await waitFor(() => bot.room(1).transcript().at(-1)?.text === 'failing over');
    await waitFor(() => counter.runs > runs);
    expect(bot.app.privileges.levelOf(1, 3)).toBe(1);
    expect(bot.app.privileges.levelOf(1, 2)).toBe(0);
    expect((await bot.room(1).say({ id: 3, name: 'Carol' }, '@tes amiprivileged'))[0].text).toMatch(/regular/);
  });
});
