import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, Command, container, DuplicateUsageError, PrivilegeFileError, UsagePatternError, ConfigError } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';
import { captureLogger } from './capture-logger.js';
import { PROBE, sleep } from './fixtures/commands.js';
import { EchoCommand, EventRecorder, FlakyTask, newTaskProbe, SlowTask, type TaskProbe } from './fixtures/tasks.js';

const waitFor = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
};

describe('background tasks, standby, failover, stop', () => {
  let bot: TestBot;
  let probe: TaskProbe;
  const log = captureLogger();
  const bob = { id: 2, name: 'Bob' };

  beforeAll(async () => {
    probe = newTaskProbe();
    const parent = container.createChildContainer();
    parent.registerInstance(PROBE, probe);
    bot = await createTestBot({
      container: parent, logger: log.logger, tasks: [SlowTask], handlers: [EventRecorder], commands: [EchoCommand],
      messages: { standby: 'going to standby', failover: 'taking over' },
    });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('a slow task never overlaps itself and keeps the delay after each run', async () => {
    await waitFor(() => probe.spans.length >= 3);
    expect(probe.maxRunning).toBe(1);
    for (let i = 1; i < probe.spans.length; i++) expect(probe.spans[i][0] - probe.spans[i - 1][1]).toBeGreaterThanOrEqual(15);
  });

  it('a throwing task is logged and stays scheduled; tasks can be added at run time', async () => {
    bot.app.addBackgroundTask(FlakyTask);
    await waitFor(() => probe.flakyRuns >= 3);
    const errors = log.lines.filter((l) => l.task === 'flaky' && l.level === 50);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0].err.stack).toContain('task failure 1');
  });

  it('@OnEvent handlers get typed events of the configured rooms', async () => {
    await bot.room(1).say(bob, 'just a message');
    const posted = probe.events.find((e) => e.typeName === 'MessagePosted' && e.message?.text === 'just a message');
    expect(posted?.message?.user).toEqual({ id: 2, name: 'Bob' });
    expect(posted?.type).toBe(1);
    expect((posted?.event as { messageId: number }).messageId).toBe(posted?.message?.id);
    const erin = bot.user({ name: 'Erin' });
    bot.emulator.world.enter(erin.id, 1);
    await waitFor(() => probe.events.some((e) => e.type === 3 && e.typeName === 'UserEntered'));
  });

  it('standby ignores commands and stops tasks; failover restarts them', async () => {
    await bot.app.standby();
    expect(bot.app.atStandby).toBe(true);
    expect(bot.room(1).transcript().at(-1)?.text).toBe('going to standby');
    expect(await bot.room(1).say(bob, '@tes echo hi')).toEqual([]);
    const runs = probe.runs;
    await sleep(150);
    expect(probe.runs).toBe(runs);
    expect(bot.app.health().role).toBe('standby');

    await bot.app.failover();
    expect(bot.app.atStandby).toBe(false);
    expect(bot.room(1).transcript().at(-1)?.text).toBe('taking over');
    await waitFor(() => probe.runs > runs);
    expect((await bot.room(1).say(bob, '@tes echo back'))[0].text).toBe('back');
  });

  it('stop delivers replies still queued, then leaves', async () => {
    bot.emulator.faults.delayNext('POST /chats/:room/messages/new', 4, 100);
    const sends = [1, 2, 3, 4].map((i) => bot.app.send(1, `queued ${i}`));
    await bot.app.stop();
    expect(await Promise.all(sends)).toHaveLength(4);
    const texts = bot.room(1).transcript().map((m) => m.text);
    for (const i of [1, 2, 3, 4]) expect(texts).toContain(`queued ${i}`);
    expect(bot.app.state).toBe('stopped');
    expect(bot.app.health().socketState).toBe('closed');
    const runs = probe.runs;
    await sleep(100);
    expect(probe.runs).toBe(runs);
  });
});

describe('start-up and bootstrap errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'botpy-life-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    delete process.env.ChatbotEmail;
    delete process.env.ChatbotPass;
  });

  it('a corrupt privileges file stops start-up with an error naming the file', async () => {
    const storage = join(dir, 'corrupt');
    await createTestBot({ storageDir: storage, start: false }).then((b) => b.stop());
    const file = join(storage, 'privileges.json');
    await import('node:fs/promises').then((fs) => fs.mkdir(storage, { recursive: true }));
    await writeFile(file, '{"version":1,"grants":[{"oops":true}]');
    const err = await createTestBot({ storageDir: storage }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrivilegeFileError);
    expect((err as Error).message).toContain(file);
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"grants":[{"oops":true}]');
  });

  it('creates the storage directory with mode 0700', async () => {
    const storage = join(dir, 'fresh', 'nested');
    const bot = await createTestBot({ storageDir: storage });
    try {
      expect((await stat(storage)).mode & 0o777).toBe(0o700);
    } finally {
      await bot.stop();
    }
  });

  it('malformed usages and duplicate usages fail at bootstrap, naming the classes', async () => {
    @Command({ usage: ['test **'] })
    class GluedStars { run() {} }
    @Command({ usage: ['alive'] })
    class AnotherAlive { run() {} }
    @Command({ usage: ['x ... y'] })
    class BadDots { run() {} }
    class NotACommand { run() {} }
    const base = { name: 'TestBot', rooms: [1], email: 'e', password: 'p', storageDir: dir };
    await expect(bootstrap({ ...base, commands: [GluedStars] })).rejects.toThrow(UsagePatternError);
    await expect(bootstrap({ ...base, commands: [GluedStars] })).rejects.toThrow(/^GluedStars: /);
    await expect(bootstrap({ ...base, commands: [BadDots] })).rejects.toThrow(/BadDots.*must be the last/);
    await expect(bootstrap({ ...base, commands: [AnotherAlive] })).rejects.toThrow(DuplicateUsageError);
    await expect(bootstrap({ ...base, commands: [AnotherAlive] })).rejects.toThrow('declared by both AliveCommand and AnotherAlive');
    await expect(bootstrap({ ...base, commands: [NotACommand] })).rejects.toThrow('NotACommand is not decorated with @Command');
  });

  it('warns about a command above every defined level, and about no levels at all', async () => {
    @Command({ usage: ['nuke'], privilege: 5 })
    class Nuke { run() {} }
    const log = captureLogger();
    const app = await bootstrap({
      name: 'TestBot', rooms: [1], email: 'e', password: 'p', storageDir: dir, logger: log.logger, commands: [Nuke],
      privileges: [{ level: 1, name: 'one' }],
    });
    expect(log.lines.some((l) => l.level === 40 && /Nuke requires privilege level 5, above every defined level/.test(l.msg))).toBe(true);
    expect(app.state).toBe('created');
    const log2 = captureLogger();
    await bootstrap({ name: 'TestBot', rooms: [1], email: 'e', password: 'p', storageDir: dir, logger: log2.logger });
    expect(log2.lines.some((l) => l.level === 30 && /no privilege levels are defined: .* room owners only/.test(l.msg))).toBe(true);
    const log3 = captureLogger();
    await bootstrap({ name: 'TestBot', rooms: [1], email: 'e', password: 'p', storageDir: dir, logger: log3.logger, topCommandsWithoutLevels: 'anyone' });
    expect(log3.lines.some((l) => l.level === 40 && /no privilege levels are defined: .* anyone/.test(l.msg))).toBe(true);
    await expect(bootstrap({ name: 'TestBot', rooms: [1], email: 'e', password: 'p', storageDir: dir, topCommandsWithoutLevels: 'everybody' as never })).rejects.toThrow(/topCommandsWithoutLevels/);
  });

  it('takes credentials from ChatbotEmail / ChatbotPass and refuses to run without them', async () => {
    const base = { name: 'TestBot', rooms: [1], storageDir: dir, logger: captureLogger().logger };
    await expect(bootstrap(base)).rejects.toThrow(ConfigError);
    await expect(bootstrap(base)).rejects.toThrow(/ChatbotEmail/);
    process.env.ChatbotEmail = 'bot@example.com';
    process.env.ChatbotPass = 'botpass';
    await expect(bootstrap(base)).resolves.toBeDefined();
    await expect(bootstrap({ ...base, rooms: [] })).rejects.toThrow('rooms must be');
    await expect(bootstrap({ ...base, name: 'ab' })).rejects.toThrow('name must');
  });

  it('with handleSignals, SIGINT/SIGTERM stop the application gracefully', async () => {
    const signals = new EventEmitter();
    const bot = await createTestBot({ storageDir: join(dir, 'signals'), handleSignals: signals });
    try {
      expect(signals.listenerCount('SIGINT')).toBe(1);
      expect(signals.listenerCount('SIGTERM')).toBe(1);
      signals.emit('SIGTERM');
      await bot.app.whenStopped();
      expect(bot.app.state).toBe('stopped');
      expect(signals.listenerCount('SIGTERM')).toBe(0);
    } finally {
      await bot.stop();
    }
  });

  it('aliases can be added at run time', async () => {
    const bot = await createTestBot({ storageDir: join(dir, 'alias') });
    try {
      const bob = { id: 2, name: 'Bob' };
      expect(await bot.room(1).say(bob, '@robo alive')).toEqual([]);
      bot.app.addAlias('Robo Cop');
      expect((await bot.room(1).say(bob, '@roboc alive'))[0].text).toMatch(/alive/);
      expect(() => bot.app.addAlias('ab')).toThrow(ConfigError);
    } finally {
      await bot.stop();
    }
  });

  it('a command above every level is refused as unusable', async () => {
    @Command({ usage: ['nuke'], privilege: 9 })
    class Nuke { run() {} }
    const bot = await createTestBot({ storageDir: join(dir, 'unusable'), commands: [Nuke], privileges: [{ level: 1, name: 'one' }] });
    try {
      await bot.app.privileges.grant(1, { id: 2, name: 'Bob' }, 1);
      const [r] = await bot.room(1).say({ id: 2, name: 'Bob' }, '@tes nuke');
      expect(r.text).toMatch(/above every defined level, so nobody can run it/);
    } finally {
      await bot.stop();
    }
  });
});
