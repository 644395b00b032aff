import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, ConversationCancelledError, ConversationTimeoutError, type CommandContext } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';

// Conversations end to end: commands that ask (ctx.ask / ctx.confirm) on the emulator over the real chat client.

@Command({ usage: ['name'] })
class NameCommand {
  async run(ctx: CommandContext): Promise<void> {
    const answer = await ctx.ask('What is your name?', { timeout: 5 });
    await ctx.reply(`Hello, ${answer.text}!`);
  }
}

@Command({ usage: ['quick'], timeout: 1 })
class QuickCommand {
  // the command's own timeout (1 s) stands still while it waits for the answer (up to 3 s)
  async run(ctx: CommandContext): Promise<void> {
    const answer = await ctx.ask('Quick, a colour?', { timeout: 3 });
    await ctx.reply(`Colour: ${answer.text}.`);
  }
}

@Command({ usage: ['hurry'] })
class HurryCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.ask('Answer within a second?', { timeout: 1 });
    await ctx.reply('You made it.');
  }
}

@Command({ usage: ['deploy'] })
class DeployCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.reply((await ctx.confirm('Deploy now?', { timeout: 5 })) ? 'Deploying.' : 'Not deploying.');
  }
}

const abandoned: unknown[] = [];
@Command({ usage: ['linger'] })
class LingerCommand {
  async run(ctx: CommandContext): Promise<void> {
    try {
      await ctx.ask('Take your time (30 s).', { timeout: 30 });
      await ctx.reply('Got it.');
    } catch (err) {
      abandoned.push(err);
      throw err;
    }
  }
}

const endedOnStandby: unknown[] = [];
@Command({ usage: ['survey'] })
class SurveyCommand {
  async run(ctx: CommandContext): Promise<void> {
    try {
      await ctx.ask('Your favourite tag? (30 s)', { timeout: 30 });
    } catch (err) {
      endedOnStandby.push(err);
      throw err;
    }
  }
}

const texts = (replies: { text: string }[]) => replies.map((r) => r.text.trim());

describe('conversations end to end', () => {
  let bot: TestBot;
  const alice: TestUser = { id: 1, name: 'Alice Owner' };
  const bob: TestUser = { id: 2, name: 'Bob' };

  beforeAll(async () => {
    bot = await createTestBot({ commands: [NameCommand, QuickCommand, HurryCommand, DeployCommand], messages: { startup: null } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('ask: the question replies to the command, the next message of that user answers it, and the answer is consumed', async () => {
    const room = bot.room(1);
    const cmd = room.start(bob, '@tes name');
    const question = await room.botSays('What is your name?', { after: cmd.id });
    expect(question.replyTo).toBe(cmd.id);
    // someone else's message is not the answer
    expect(await room.say(alice, 'Robert?')).toEqual([]);
    // the answer is consumed: it is not also a command, even as a reply to the bot (which would run `alive`)
    expect(await room.say(bob, 'alive', { parentId: question.id })).toEqual([]);
    expect(texts(await cmd.done())).toEqual(['What is your name?', 'Hello, alive!']);
  });

  it('the answer message is reported as answered, and only once', async () => {
    const room = bot.room(1);
    const outcomes: string[] = [];
    const off = bot.app.onMessageHandled((h) => outcomes.push(`${h.messageId}:${h.outcome}`));
    try {
      const cmd = room.start(bob, '@tes name');
      await room.botSays('What is your name?', { after: cmd.id });
      const answer = bot.emulator.world.post(bob.id, 1, 'Bob');
      expect(texts(await cmd.done())).toEqual(['What is your name?', 'Hello, Bob!']);
      expect(outcomes).toContain(`${answer.id}:answered`);
      expect(outcomes).toContain(`${cmd.id}:ran`);
      // the next message of the same user is an ordinary message again
      expect(texts(await room.say(bob, '@tes alive'))[0]).toMatch(/alive/);
    } finally {
      off();
    }
  });

  it('a command addressed to the bot while a question is pending runs, and the question keeps waiting', async () => {
    const room = bot.room(1);
    const cmd = room.start(bob, '@tes name');
    await room.botSays('What is your name?', { after: cmd.id });
    expect(texts(await room.say(bob, '@tes alive'))[0]).toMatch(/^Yes, TestBot is alive/);
    // a ping that is no command is the answer (the ping removed)
    expect(await room.say(bob, '@TestBot Bobby')).toEqual([]);
    expect(texts(await cmd.done())).toEqual(['What is your name?', 'Hello, Bobby!']);
  });

  it('two users asked at once each get their own answer', async () => {
    const room = bot.room(1);
    const a = room.start(alice, '@tes name');
    const b = room.start(bob, '@tes name');
    await room.botSays('What is your name?', { after: a.id });
    await room.botSays('What is your name?', { after: b.id });
    await room.say(bob, 'Bob the second');
    await room.say(alice, 'Alice the first');
    const [ra, rb] = await Promise.all([a.done(), b.done()]);
    expect(texts(ra)).toEqual(['What is your name?', 'Hello, Alice the first!']);
    expect(texts(rb)).toEqual(['What is your name?', 'Hello, Bob the second!']);
    expect(ra[1].replyTo).toBe(a.id);
    expect(rb[1].replyTo).toBe(b.id);
  });

  it('ask timed out: the user is told, the run ends (outcome timeout), and later messages are ordinary again', async () => {
    const room = bot.room(1);
    const outcomes = new Map<number, string>();
    const off = bot.app.onMessageHandled((h) => outcomes.set(h.messageId, h.outcome));
    try {
      const started = Date.now();
      const cmd = room.start(bob, '@tes hurry');
      expect(texts(await cmd.done({ timeoutMs: 10_000 }))).toEqual(['Answer within a second?', 'No answer within 1 s: cancelled.']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(outcomes.get(cmd.id)).toBe('timeout');
      // nothing waits any more: the user's next message is an ordinary one
      const late = bot.emulator.world.post(bob.id, 1, 'sorry, I was away');
      await room.say(bob, '@tes alive');
      expect(outcomes.get(late.id)).toBe('ignored');
    } finally {
      off();
    }
  });

  it("the command's own timeout stands still while it waits for an answer", async () => {
    const room = bot.room(1);
    const cmd = room.start(bob, '@tes quick');
    await room.botSays('Quick, a colour?', { after: cmd.id });
    await new Promise((r) => setTimeout(r, 1500)); // longer than the command's 1 s timeout
    await room.say(bob, 'teal');
    expect(texts(await cmd.done())).toEqual(['Quick, a colour?', 'Colour: teal.']);
  });

  it('confirm: yes / no in any case, y / n; anything else is asked once more, then means no', async () => {
    const room = bot.room(1);
    const run = async (...answers: string[]) => {
      const cmd = room.start(bob, '@tes deploy');
      let after = cmd.id;
      for (const a of answers) {
        after = (await room.botSays(/Deploy now\?/, { after })).id;
        await room.say(bob, a);
      }
      return texts(await cmd.done());
    };
    expect((await run('yes')).at(-1)).toBe('Deploying.');
    expect((await run('YES')).at(-1)).toBe('Deploying.');
    expect((await run('y')).at(-1)).toBe('Deploying.');
    expect((await run('No')).at(-1)).toBe('Not deploying.');
    expect((await run('n')).at(-1)).toBe('Not deploying.');
    expect(await run('maybe', 'yes')).toEqual(['Deploy now?', 'Please answer yes or no. Deploy now?', 'Deploying.']);
    expect(await run('maybe', 'perhaps')).toEqual(['Deploy now?', 'Please answer yes or no. Deploy now?', 'Not deploying.']);
  });
});

describe('a conversation abandoned: the bot stops while waiting', () => {
  it('the question is cancelled at once (stop does not wait for it), nothing more is posted', async () => {
    const bot = await createTestBot({ commands: [LingerCommand], messages: { startup: null }, stopGrace: 20 });
    try {
      const room = bot.room(1);
      const cmd = room.start({ id: 2, name: 'Bob' }, '@tes linger');
      await room.botSays('Take your time', { after: cmd.id });
      const botId = bot.app.account!.id;
      const started = Date.now();
      await bot.app.stop();
      expect(Date.now() - started).toBeLessThan(5000); // far below the 20 s grace a running command gets
      expect(abandoned).toHaveLength(1);
      expect(abandoned[0]).toBeInstanceOf(ConversationCancelledError);
      expect((abandoned[0] as ConversationCancelledError).code).toBe('CONVERSATION_CANCELLED');
      expect(abandoned[0]).not.toBeInstanceOf(ConversationTimeoutError);
      expect(room.transcript().filter((m) => m.id > cmd.id && m.userId === botId).map((m) => m.text)).toEqual(['Take your time (30 s).']);
    } finally {
      await bot.stop();
    }
  });
});

describe('a conversation on an instance that goes to standby', () => {
  it('ends at once (cancelled), and the answer is no longer taken: another instance answers from now on', async () => {
    const bot = await createTestBot({ commands: [SurveyCommand], messages: { startup: null, standby: null } });
    try {
      const room = bot.room(1);
      const bob: TestUser = { id: 2, name: 'Bob' };
      const cmd = room.start(bob, '@tes survey');
      await room.botSays('Your favourite tag?', { after: cmd.id });
      const started = Date.now();
      await bot.app.standby();
      expect(await cmd.done({ timeoutMs: 5000 })).toHaveLength(1); // the question only: nothing posted after it
      expect(Date.now() - started).toBeLessThan(5000);
      expect(endedOnStandby).toHaveLength(1);
      expect((endedOnStandby[0] as ConversationCancelledError).code).toBe('CONVERSATION_CANCELLED');
      expect((endedOnStandby[0] as Error).message).toMatch(/standby/);
      const outcomes = new Map<number, string>();
      const off = bot.app.onMessageHandled((h) => outcomes.set(h.messageId, h.outcome));
      const late = await room.say(bob, 'typescript');
      off();
      expect(late).toEqual([]);
      expect([...outcomes.values()]).not.toContain('answered');
    } finally {
      await bot.stop();
    }
  });
});

describe('stop and reboot with confirmStop', () => {
  it('stop asks first: no keeps the bot running, yes stops it; reboot asks too', async () => {
    const reexec: string[] = [];
    const bot = await createTestBot({ confirmStop: true, messages: { startup: null }, reexec: () => reexec.push('reexec') });
    const alice: TestUser = { id: 1, name: 'Alice Owner' }; // owns room 1: may stop the bot
    try {
      const room = bot.room(1);
      let cmd = room.start(alice, '@tes stop');
      await room.botSays('Really stop TestBot? Answer yes or no.', { after: cmd.id });
      await room.say(alice, 'no');
      expect(texts(await cmd.done()).at(-1)).toBe('OK, not stopping.');
      expect(bot.app.state).toBe('running');

      cmd = room.start(alice, '@tes reboot');
      await room.botSays('Really reboot TestBot?', { after: cmd.id });
      await room.say(alice, 'nope');
      await room.botSays('Please answer yes or no.', { after: cmd.id });
      await room.say(alice, 'n');
      expect(texts(await cmd.done()).at(-1)).toBe('OK, not rebooting.');
      expect(reexec).toEqual([]);

      // someone else's "yes" is not the answer
      cmd = room.start(alice, '@tes stop');
      await room.botSays('Really stop TestBot?', { after: cmd.id });
      expect(await room.say({ id: 2, name: 'Bob' }, 'yes')).toEqual([]);
      expect(bot.app.state).toBe('running');
      await room.say(alice, 'Yes');
      expect(texts(await cmd.done()).at(-1)).toBe('Stopping…');
      await bot.app.whenStopped();
      expect(bot.app.state).toBe('stopped');
    } finally {
      await bot.stop();
    }
  });

  it('without the option, stop acts at once', async () => {
    const bot = await createTestBot({ messages: { startup: null } });
    try {
      expect(texts(await bot.room(1).say({ id: 1, name: 'Alice Owner' }, '@tes stop'))).toEqual(['Stopping…']);
      await bot.app.whenStopped();
    } finally {
      await bot.stop();
    }
  });

  it('confirmStop must be a boolean', async () => {
    await expect(createTestBot({ confirmStop: 'yes' as unknown as boolean })).rejects.toThrow('confirmStop must be true or false');
  });
});
