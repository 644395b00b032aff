import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { container } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';
import { captureLogger } from './capture-logger.js';
import {
  BurstCommand, ExampleCommand, HangingCommand, newProbe, PairCommand, PROBE, SlowCommand, ThrowingCommand, type Probe,
} from './fixtures/commands.js';

describe('commands end to end', () => {
  let bot: TestBot;
  let probe: Probe;
  let bob: TestUser;
  let carol: TestUser;
  const log = captureLogger();

  beforeAll(async () => {
    probe = newProbe();
    const parent = container.createChildContainer();
    parent.registerInstance(PROBE, probe);
    bot = await createTestBot({
      container: parent,
      logger: log.logger,
      privileges: [{ level: 1, name: 'regular' }, { level: 2, name: 'owner' }],
      commands: [ExampleCommand, PairCommand, SlowCommand, ThrowingCommand, HangingCommand, BurstCommand],
      aliases: ['Helper Bee'],
      messages: { startup: null },
    });
    bob = bot.user({ name: 'Bobbie' });
    carol = bot.user({ name: 'Carola' });
    await bot.app.privileges.grant(1, bob, 'regular');
    await bot.app.privileges.grant(1, carol, 'owner');
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('refuses the example command at level 1 and runs it at level 2', async () => {
    const refused = await bot.room(1).say(bob, '@tes test a b');
    expect(refused).toHaveLength(1);
    expect(refused[0].text).toMatch(/You need the owner \(2\) privilege.*regular \(1\)/);
    expect(probe.calls).toHaveLength(0);

    const [reply] = await bot.room(1).say(carol, '@TestBot demo Mixed Case');
    expect(reply.text).toBe('Hello, fellow users! args=["Mixed","Case"] usage=1');
    expect(probe.calls[0]).toEqual({ args: ['Mixed', 'Case'], usageIndex: 1, usage: 'demo ...', user: carol.id });
    const [zero] = await bot.room(1).say(carol, '@tes TEST');
    expect(zero.text).toContain('args=[] usage=0');
    // arguments are plain text: entities decoded, case kept
    await bot.room(1).say(carol, '@tes test a&b "q" <i>x</i>');
    expect(probe.calls.at(-1)?.args).toEqual(['a&b', '"q"', '<i>x</i>']);
  });

  it('replies to the triggering message', async () => {
    const before = bot.room(1).transcript().length;
    const [reply] = await bot.room(1).say(bob, '@tes alive');
    const trigger = bot.room(1).transcript()[before];
    expect(reply.replyTo).toBe(trigger.id);
  });

  it('addresses by @ + a prefix of at least 3 letters of the name or an alias', async () => {
    for (const ping of ['@tes', '@TEST', '@testbo', '@testbot', '@helperbee', '@hel']) {
      expect(await bot.room(1).say(bob, `${ping} alive`)).toHaveLength(1);
    }
    for (const ping of ['@te', '@testbotx', 'testbot', '@alive']) {
      expect(await bot.room(1).say(bob, `${ping} alive`)).toEqual([]);
    }
    expect(await bot.room(1).say(bob, 'hello @testbot alive')).toEqual([]);
  });

  it('matches exactly n arguments for n stars', async () => {
    expect((await bot.room(1).say(bob, '@tes pair x Y'))[0].text).toBe('pair x+Y');
    for (const text of ['@tes pair x', '@tes pair x y z']) {
      const [hint] = await bot.room(1).say(bob, text);
      expect(hint.text.trimEnd()).toBe('usage: @TestBot pair <arg1> <arg2>'); // (a repeated text gets a trailing space from the client) the words name the command: its usage, not "unknown command"
    }
  });

  it('sends a hint for an addressed message that matches no command', async () => {
    const [hint] = await bot.room(1).say(bob, '@tes frobnicate now');
    expect(hint.text).toBe('I don\'t know that command. Try "@TestBot help".');
    expect((await bot.room(1).say(bob, '@tes'))[0].text).toMatch(/don't know/);
  });

  it('a reply to one of the bot\'s messages addresses it', async () => {
    const [first] = await bot.room(1).say(bob, '@tes alive');
    const [second] = await bot.room(1).say(bob, 'alive', { parentId: first.id });
    expect(second.text).toMatch(/alive/);
    // a reply to someone else's message does not
    const other = bot.emulator.world.post(carol.id, 1, 'just chatting');
    expect(await bot.room(1).say(bob, 'alive', { parentId: other.id })).toEqual([]);
  });

  it('never runs commands from the bot\'s own account', async () => {
    const self = { id: bot.app.account!.id, name: bot.app.account!.name };
    await bot.app.privileges.grant(1, self, 'owner');
    expect(await bot.room(1).say(self, '@tes test x')).toEqual([]);
    expect(probe.calls.filter((c) => c.user === self.id)).toHaveLength(0);
  });

  it('ignores rooms that are not configured', async () => {
    bot.emulator.world.addRoom({ id: 2, name: 'Elsewhere', owners: [carol.id] });
    expect(await bot.room(2).say(carol, '@tes alive')).toEqual([]);
    expect(await bot.room(2).say(carol, '@tes test x')).toEqual([]);
  });

  it('runs commands concurrently', async () => {
    probe.maxRunning = 0;
    const started = Date.now();
    const results = await Promise.all([1, 2, 3].map(() => bot.room(1).say(bob, '@tes slow 400')));
    expect(results.map((r) => r[0].text.trim())).toEqual(['slept 400', 'slept 400', 'slept 400']);
    expect(probe.maxRunning).toBe(3);
    expect(Date.now() - started).toBeLessThan(1150);
  });

  it('lists running commands while they run', async () => {
    const slow = bot.room(1).say(bob, '@tes slow 500');
    await new Promise((r) => setTimeout(r, 150));
    const [table] = await bot.room(1).say(bob, '@tes running commands');
    expect(table.text).toMatch(/^ {4}Command +User +Room +Running for/);
    expect(table.text).toContain('slow 500');
    expect(table.text).toContain('Bobbie');
    expect((await bot.room(1).say(bob, '@tes rc'))[0].text).toContain('rc');
    await slow;
  });

  it('catches an exception, logs it with its stack and replies briefly', async () => {
    const [reply] = await bot.room(1).say(bob, '@tes boom');
    expect(reply.text).toBe('Sorry, that command failed; the error was logged.');
    const line = log.lines.find((l) => l.command === 'ThrowingCommand' && l.level === 50);
    expect(line?.err.stack).toContain('kaboom in the command');
    expect(bot.app.health().counters.errors).toBeGreaterThanOrEqual(1);
  });

  it('reports a per-command timeout the same way', async () => {
    const [reply] = await bot.room(1).say(bob, '@tes hang');
    expect(reply.text).toBe('That command did not finish within 0.2 s and was abandoned.');
    expect(log.lines.some((l) => l.command === 'HangingCommand' && l.err?.code === 'COMMAND_TIMEOUT')).toBe(true);
  });

  it('waits for messages a command posts without awaiting them', async () => {
    const replies = await bot.room(1).say(bob, '@tes burst 3');
    expect(replies.map((r) => r.text).sort()).toEqual(['burst message 1', 'burst message 2', 'burst message 3']);
  });

  it('reports health for an ops endpoint', () => {
    const h = bot.app.health();
    expect(h).toMatchObject({ state: 'running', role: 'active', socketState: 'open', sendBacklog: 0 });
    expect(h.counters.commandsRun).toBeGreaterThan(5);
    expect(h.lastFrameAgeMs).not.toBeNull();
  });

  it('stop lets a running command finish and delivers its reply before resolving', async () => {
    const before = bot.room(1).transcript().length;
    bot.emulator.world.post(bob.id, 1, '@tes slow 300');
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.app.commands.running().map((r) => r.command)).toEqual(['SlowCommand']);
    await bot.app.stop();
    expect(bot.room(1).transcript().slice(before).map((m) => m.text)).toContain('slept 300');
    expect(bot.app.commands.running()).toEqual([]);
  });
});
