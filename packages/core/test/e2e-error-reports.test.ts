import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BackgroundTask, Command, ErrorLog, OnEvent, injectable, type CommandContext, type TransportEvent } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

// Errors in chat, end to end on the emulator over the real client: unhandled errors of commands,
// tasks and handlers go to the bounded log, `errorlogs` shows them as fixed-font blocks to the
// room's owners, and the maintainers are pinged once per kind, rate-limited.

const PASSWORD = 'botpass'; // createTestBot's chat password: must never reach chat

@Command({ usage: ['boom *'], description: 'throws' })
class BoomCommand {
  run(ctx: CommandContext): void {
    throw new TypeError(`kaboom ${ctx.args[0]}: login failed with password ${PASSWORD} at https://bot:s3cr3t-pw@example.com/x?fkey=abcdef123456`);
  }
}

@Command({ usage: ['long *'], description: 'throws a long error' })
class LongCommand {
  run(ctx: CommandContext): void {
    const e = new Error(`long failure ${ctx.args[0]} ${'x'.repeat(900)}`);
    e.stack = `${e.message}\n${Array.from({ length: 40 }, (_, i) => `    at frame${i} (file:///app/src/deep/module-${i}.js:${i + 1}:1)`).join('\n')}`;
    throw e;
  }
}

@injectable()
class Watcher {
  @OnEvent('MessagePosted')
  onPosted(e: TransportEvent): void {
    if (e.message?.text === 'crash the handler') throw new RangeError('handler fell over');
  }
}

const storm = { on: false, runs: 0 };
@BackgroundTask({ interval: 0.1, name: 'stormy' })
class StormTask {
  run(): void {
    if (!storm.on) return;
    storm.runs++;
    throw new Error(`upstream answered 503 for request ${storm.runs}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alice = { id: 1, name: 'Alice Owner' }; // owner of room 1 in the demo world
const bob = { id: 2, name: 'Bob' };

describe('errors in chat: the error log and errorlogs', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ commands: [BoomCommand, LongCommand], handlers: [Watcher], messages: { startup: null }, errorReports: { keep: 30 } });
  });
  afterAll(async () => {
    await bot?.stop();
  });
  const say = (u: typeof alice, text: string) => bot.room(1).say(u, text);

  it('a throwing command, then errorlogs shows it (time, source, message, stack) as a fixed-font block without secrets', async () => {
    expect((await say(bob, '@tes boom first'))[0]!.text).toMatch(/that command failed/);
    const [block, ...more] = await say(alice, '@tes errorlogs');
    expect(more).toEqual([]);
    const lines = block!.text.split('\n');
    expect(lines.every((l) => l.startsWith('    '))).toBe(true); // chat's fixed font
    expect(lines[0]).toMatch(/^ {4}The last 1 of 1 unhandled error on TestBot at .+, newest first:$/);
    expect(lines[1]).toMatch(/^ {4}#1 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}command BoomCommand$/);
    expect(lines[2]).toMatch(/^ {4}TypeError: kaboom first: login failed with password \[redacted\]/);
    expect(block!.text).toMatch(/^ {6}at BoomCommand\.run \(/m);
    expect(block!.text).not.toContain(PASSWORD);
    expect(block!.text).not.toContain('s3cr3t-pw');
    expect(block!.text).not.toContain('abcdef123456');
    // the log itself is free of secrets too
    const entry = bot.app.container.resolve(ErrorLog).latest(1)[0]!;
    expect(entry).toMatchObject({ source: 'command', name: 'BoomCommand', type: 'TypeError' });
    expect(JSON.stringify(entry)).not.toContain(PASSWORD);
  });

  it('records a failing @OnEvent handler, newest first, and errorlogs n limits how many', async () => {
    await say(bob, 'crash the handler');
    await say(bob, '@tes boom second');
    const [block] = await say(alice, '@tes errorlogs 2');
    const text = block!.text;
    expect(text).toMatch(/The last 2 of 3 unhandled errors/);
    expect(text.indexOf('kaboom second')).toBeLessThan(text.indexOf('handler Watcher.onPosted'));
    expect(text).toMatch(/RangeError: handler fell over/);
    expect(text).not.toContain('kaboom first');
  });

  it('long output: split into fixed-font messages within the size limit, frames cut, the rest counted', async () => {
    for (let i = 0; i < 12; i++) await say(bob, `@tes long n${i}`);
    const blocks = await say(alice, '@tes errorlogs 20');
    expect(blocks.length).toBeGreaterThan(1);
    expect(blocks.length).toBeLessThanOrEqual(3);
    for (const b of blocks) {
      expect(b.text.length).toBeLessThanOrEqual(4000);
      expect(b.text.split('\n').every((l) => l.startsWith('    '))).toBe(true);
    }
    const all = blocks.map((b) => b.text).join('\n');
    expect(all).toMatch(/long failure n11/);
    expect(all).toMatch(/… 32 more frames/);
    expect(all).toMatch(/… \d+ older errors? not shown/);
    expect(all).not.toMatch(/frame39/);
  });

  it('refuses errorlogs to an unprivileged user, and a bad n with its usage', async () => {
    const refused = await say(bob, '@tes errorlogs');
    expect(refused.map((r) => r.text).join('\n')).toBe("Only this room's owners can run that command (this bot defines no privilege levels).");
    expect((await say(alice, '@tes errorlogs 0'))[0]!.text).toMatch(/^n: 0 is less than 1\. usage: @TestBot errorlogs \[n\]$/);
    expect((await say(alice, '@tes errorlogs 50'))[0]!.text).toMatch(/^n: 50 is more than 20\. usage: @TestBot errorlogs \[n\]$/);
  });

  it('errorlogs is listed by help with its description', async () => {
    const help = (await say(alice, '@tes help')).map((r) => r.text).join('\n');
    expect(help).toMatch(/errorlogs \[n\].*last n unhandled errors/);
  });

  it('the log is bounded by count (errorReports.keep)', () => {
    const log = bot.app.container.resolve(ErrorLog);
    expect(log.count).toBe(15);
    expect(log.latest(100).length).toBe(15);
    for (let i = 0; i < 40; i++) log.record('task', 'filler', new Error(`filler ${i}`));
    expect(log.latest(100).length).toBe(30);
    expect(log.latest(1)[0]!.message).toBe('filler 39');
  });
});

describe('errors in chat: the maintainers are pinged once per kind, rate-limited', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({
      commands: [BoomCommand], tasks: [StormTask], messages: { startup: null },
      errorReports: { notify: { room: 1, maintainers: ['Alice Owner', 'Max Maint'], period: 3, maxPings: 2 } },
    });
  });
  afterAll(async () => {
    await bot?.stop();
  });
  const botPosts = () => bot.room(1).transcript().filter((m) => m.userId === bot.app.account?.id);

  it('an error storm (a task throwing every 100 ms for 2 s) pings ONCE, then one summary after the period', async () => {
    const before = botPosts().length;
    storm.on = true;
    await sleep(2000);
    storm.on = false;
    expect(storm.runs).toBeGreaterThanOrEqual(8);
    const pings = botPosts().slice(before);
    expect(pings.map((m) => m.text)).toEqual([
      expect.stringMatching(/^@AliceOwner @MaxMaint \[TestBot\] new error in task stormy: Error: upstream answered 503 for request 1 — say "@TestBot errorlogs" for the stack\.$/),
    ]);
    // the summary comes once the period since the first held-back error is over: one message
    const end = Date.now() + 5000;
    while (botPosts().length - before < 2 && Date.now() < end) await sleep(50);
    const after = botPosts().slice(before).map((m) => m.text);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatch(new RegExp(`^\\[TestBot\\] ${storm.runs - 1} more errors not pinged in the last 3 s \\(in task stormy\\); say "@TestBot errorlogs" to see them\\.$`));
    await sleep(3500);
    expect(botPosts().length - before).toBe(2); // nothing more
  }, 20_000);

  it('another kind of error pings again; the same kind within the period does not', async () => {
    const before = botPosts().length;
    await bot.room(1).say(bob, '@tes boom 1');
    await sleep(200);
    await bot.room(1).say(bob, '@tes boom 2');
    await sleep(200);
    const posts = botPosts().slice(before).filter((m) => m.text.startsWith('@AliceOwner'));
    expect(posts.map((m) => m.text)).toEqual([expect.stringMatching(/new error in command BoomCommand: TypeError: kaboom 1: login failed with password \[redacted\]/)]);
    expect(posts[0]!.text).not.toContain(PASSWORD);
    expect(posts[0]!.text.length).toBeLessThanOrEqual(500);
  });

  it('errorReports is checked at bootstrap', async () => {
    await expect(createTestBot({ start: false, errorReports: { notify: { room: 99, maintainers: ['A'] } } })).rejects.toThrow(/errorReports\.notify\.room must be one of the bot's rooms \(1\), got 99/);
    await expect(createTestBot({ start: false, errorReports: { notify: { room: 1, maintainers: [] } } })).rejects.toThrow(/maintainers must be a non-empty list/);
    await expect(createTestBot({ start: false, errorReports: { keep: 0 } })).rejects.toThrow(/errorReports\.keep must be a whole number/);
  });
});
