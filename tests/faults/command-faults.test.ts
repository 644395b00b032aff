import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, type CommandContext } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';
import { createLogSink, findLeaks, recordEmulatorSecrets } from './log-sink.js';

const PASSWORD = 'commands-Pa55word#1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the late command met when it tried to reply after its timeout. */
const late = { tried: 0, refusedWith: [] as unknown[] };

@Command({ usage: ['dawdle'], timeout: 0.3 })
class DawdleCommand {
  async run(ctx: CommandContext): Promise<void> {
    await sleep(900);
    late.tried++;
    try {
      await ctx.reply('late reply that must never be posted');
    } catch (err) {
      late.refusedWith.push((err as { code?: unknown }).code);
    }
    await ctx.post('late post that must never be posted').catch(() => undefined);
  }
}

/** What `ctx.signal` said, read at the start of a run or only after its timeout. */
const seen: Record<string, { abortedAtStart: boolean; abortedAfter?: boolean; reason?: unknown; event?: boolean }> = {};

@Command({ usage: ['signal early', 'signal late'], timeout: 0.3 })
class SignalCommand {
  async run(ctx: CommandContext): Promise<void> {
    const when = ctx.usageIndex === 0 ? 'early' : 'late';
    const entry: (typeof seen)[string] = { abortedAtStart: false };
    seen[when] = entry;
    if (when === 'early') {
      entry.abortedAtStart = ctx.signal.aborted;
      ctx.signal.addEventListener('abort', () => (entry.event = true));
    }
    await sleep(900);
    entry.abortedAfter = ctx.signal.aborted;
    entry.reason = (ctx.signal.reason as { code?: unknown } | undefined)?.code;
  }
}

/** Values no well-behaved code throws, but a command may. */
const hostile: Record<string, () => unknown> = {
  null: () => null,
  undefined: () => undefined,
  string: () => 'just a string',
  getters: () => ({
    get message(): string { throw new Error('message getter'); },
    get name(): string { throw new Error('name getter'); },
    get stack(): string { throw new Error('stack getter'); },
    toString(): string { throw new Error('toString'); },
  }),
  proxy: () => new Proxy({}, {
    get() { throw new Error('get trap'); },
    has() { throw new Error('has trap'); },
    ownKeys() { throw new Error('ownKeys trap'); },
    getOwnPropertyDescriptor() { throw new Error('descriptor trap'); },
    getPrototypeOf() { throw new Error('prototype trap'); },
  }),
  revoked: () => {
    const p = Proxy.revocable({}, {});
    p.revoke();
    return p.proxy;
  },
};

@Command({ usage: ['throw *'] })
class ThrowCommand {
  run(ctx: CommandContext): void {
    const make = hostile[ctx.args[0]];
    if (!make) return;
    throw make();
  }
}

describe('commands that misbehave', () => {
  const sink = createLogSink('command-faults');
  const secrets = new Set<string>([PASSWORD]);
  let bot: TestBot;
  let user: TestUser;
  const figures: string[] = [];

  beforeAll(async () => {
    bot = await createTestBot({
      logger: sink.logger,
      password: PASSWORD,
      emulator: { world: { users: [{ id: 100, name: 'TestBot', email: 'bot@example.com', password: PASSWORD }], rooms: [{ id: 1, name: 'Sandbox', owners: [] }] } },
      messages: { startup: null },
      commands: [DawdleCommand, ThrowCommand, SignalCommand],
    });
    recordEmulatorSecrets(bot.emulator, secrets);
    user = bot.user({ name: 'Mallory' });
  });
  afterAll(async () => {
    console.log(figures.join('\n'));
    await bot?.stop();
  });

  it('a command past its timeout is revoked: its late sends reject with CONTEXT_REVOKED and nothing is posted after "did not finish"', async () => {
    const replies = await bot.room(1).say(user, '@TestBot dawdle');
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/did not finish within 0\.3 s/)]);
    for (const deadline = Date.now() + 5000; late.tried === 0 && Date.now() < deadline;) await sleep(20);
    await sleep(500); // time for a late post to reach the room, were it sent
    const lateOnes = bot.room(1).transcript().filter((m) => m.text.includes('must never be posted'));
    figures.push(`late posts after "did not finish": ${lateOnes.length}`);
    expect(late.tried).toBe(1);
    expect(late.refusedWith).toEqual(['CONTEXT_REVOKED']);
    expect(lateOnes).toEqual([]);
    expect(bot.app.health().counters.timeouts).toBe(1);
  }, 20_000);

  it.each(['early', 'late'])('ctx.signal read %s in a run is aborted at its timeout, with the timeout as its reason', async (when) => {
    const replies = await bot.room(1).say(user, `@TestBot signal ${when}`);
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/did not finish within 0\.3 s/)]);
    for (const deadline = Date.now() + 5000; seen[when]?.abortedAfter === undefined && Date.now() < deadline;) await sleep(20);
    expect(seen[when]).toEqual(when === 'early'
      ? { abortedAtStart: false, event: true, abortedAfter: true, reason: 'COMMAND_TIMEOUT' }
      : { abortedAtStart: false, abortedAfter: true, reason: 'COMMAND_TIMEOUT' });
  }, 20_000);

  it.each(Object.keys(hostile))('a command that throws %s gets the error reply', async (kind) => {
    const replies = await bot.room(1).say(user, `@TestBot throw ${kind}`, { timeoutMs: 5000 }).catch((err: Error) => err);
    figures.push(`throw ${kind}: ${replies instanceof Error ? 'no reply (not handled)' : `${replies.length} reply`}`);
    expect(replies).not.toBeInstanceOf(Error);
    expect((replies as { text: string }[]).map((r) => r.text.trim())).toEqual(['Sorry, that command failed; the error was logged.']);
  }, 20_000);

  it('the bot still answers afterwards and wrote no secret into the logs', async () => {
    expect((await bot.room(1).say(user, '@TestBot alive'))[0].text).toMatch(/alive/i);
    expect(findLeaks(sink.lines, secrets)).toEqual([]);
  });
});
