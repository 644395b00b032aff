import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { botOptions } from '../src/bot.js';

describe('{{botName}} commands', () => {
  let bot: TestBot;

  beforeAll(async () => {
    // A local chat emulator and the real bot on it (room 1).
    bot = await createTestBot(botOptions());
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('says hello', async () => {
    const alice = bot.user({ name: 'Alice' });
    const replies = await bot.room(1).say(alice, '@{{botName}} hello');
    expect(replies.map((m) => m.text)).toEqual(['Hello, Alice!']);
  });

  it('rolls a die with the requested number of sides', async () => {
    const bob = bot.user({ name: 'Bob' });
    const [reply] = await bot.room(1).say(bob, '@{{botName}} roll 20');
    const match = /^You rolled (\d+) \(d20\)\.$/.exec(reply?.text ?? '');
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(1);
    expect(Number(match![1])).toBeLessThanOrEqual(20);
  });

  it('explains a bad number of sides (a typed argument: checked before the command runs)', async () => {
    const bob = bot.user({ name: 'Bob' });
    expect((await bot.room(1).say(bob, '@{{botName}} roll lots')).map((m) => m.text)).toEqual(['sides: "lots" is not a whole number. usage: @{{botName}} roll [sides]']);
    expect((await bot.room(1).say(bob, '@{{botName}} roll 1')).map((m) => m.text)).toEqual(['sides: 1 is less than 2. usage: @{{botName}} roll [sides]']);
  });

  it('explains a command in detail', async () => {
    const bob = bot.user({ name: 'Bob' });
    const [reply] = await bot.room(1).say(bob, '@{{botName}} help roll');
    expect(reply?.text).toContain('sides (optional): a whole number from 2 to 1000');
  });

  it('lists its commands', async () => {
    const carol = bot.user({ name: 'Carol' });
    const replies = await bot.room(1).say(carol, '@{{botName}} help');
    const text = replies.map((m) => m.text).join('\n');
    expect(text).toContain('roll');
    expect(text).toContain('uptime');
  });

  it('runs a poll: votes are replies to the poll message, one per person, kept across a restart', async () => {
    const room = bot.room(1);
    const dan = bot.user({ name: 'Dan' });
    const erin = bot.user({ name: 'Erin' });
    const [poll] = await room.say(dan, '@{{botName}} poll Pizza on Friday?');
    expect(poll?.text).toBe('**Poll** by Dan: Pizza on Friday? (reply yes or no to this message)');
    expect((await room.say(dan, `:${poll!.id} yes`)).map((m) => m.text)).toEqual(['"Pizza on Friday?": 1 yes, 0 no.']);
    await bot.restart();
    expect((await room.say(erin, `:${poll!.id} no`)).map((m) => m.text)).toEqual(['"Pizza on Friday?": 1 yes, 1 no.']);
    expect((await room.say(dan, `:${poll!.id} no`)).map((m) => m.text)).toEqual(['"Pizza on Friday?": 0 yes, 2 no.']);
  });
});
