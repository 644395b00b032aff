import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { botOptions } from '../src/bot.js';

describe('{{botName}}', () => {
  let bot: TestBot;

  beforeAll(async () => {
    // A local chat emulator and the real bot on it (room 1).
    bot = await createTestBot(botOptions());
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('greets the person who says hello', async () => {
    const alice = bot.user({ name: 'Alice' });
    const replies = await bot.room(1).say(alice, '@{{botName}} hello');
    expect(replies.map((m) => m.text)).toEqual(['Hello, Alice!']);
  });

  it('greets whoever is named', async () => {
    const bob = bot.user({ name: 'Bob' });
    const replies = await bot.room(1).say(bob, '@{{botName}} hello Ada Lovelace');
    expect(replies.map((m) => m.text)).toEqual(['Hello, Ada Lovelace!']);
  });

  it('answers the built-in alive command', async () => {
    const carol = bot.user({ name: 'Carol' });
    const [reply] = await bot.room(1).say(carol, '@{{botName}} alive');
    expect(reply?.text).toMatch(/alive/);
  });

  it('ignores messages that are not addressed to it', async () => {
    const dave = bot.user({ name: 'Dave' });
    const replies = await bot.room(1).say(dave, 'hello everyone');
    expect(replies).toEqual([]);
  });
});
