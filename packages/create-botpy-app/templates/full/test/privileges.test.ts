import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { botOptions } from '../src/bot.js';

describe('{{botName}} privileges', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await createTestBot(botOptions());
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('refuses announce to a user without the trusted level', async () => {
    const eve = bot.user({ name: 'Eve' });
    const replies = await bot.room(1).say(eve, '@{{botName}} announce free snacks');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(/trusted/);
    expect(bot.room(1).transcript().some((m) => m.text.includes('**Announcement**'))).toBe(false);
  });

  it('posts the announcement once the user is trusted', async () => {
    const frank = bot.user({ name: 'Frank' });
    await bot.app.privileges.grant(1, frank, 'trusted');
    const replies = await bot.room(1).say(frank, '@{{botName}} announce the release is out');
    expect(replies.map((m) => m.text)).toEqual(['**Announcement** from Frank: the release is out']);
    expect(replies[0]!.replyTo).toBeUndefined();
  });
});
