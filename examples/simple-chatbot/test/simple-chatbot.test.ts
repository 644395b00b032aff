import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { simpleChatbot } from '../src/bot.js';

describe('examples/simple-chatbot on the emulator', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ ...simpleChatbot, emulator: { server: 'stackoverflow' } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('joins room 1 and announces itself', () => {
    expect(bot.app.rooms).toEqual([1]);
    expect(bot.room(1).transcript().some((m) => m.text === 'TestBot started.')).toBe(true);
  });

  it('answers the default commands', async () => {
    const bob = { id: 2, name: 'Bob' };
    expect((await bot.room(1).say(bob, '@testbot alive'))[0].text).toMatch(/^Yes, TestBot is alive/);
    expect((await bot.room(1).say(bob, '@tes amiprivileged'))[0].text).toBe('You have no privileges in this room.');
    expect((await bot.room(1).say(bob, '@tes membership'))[0].text).toBe('Nobody has privileges in this room.');
    const help = (await bot.room(1).say(bob, '@tes help'))[0].text;
    for (const usage of ['alive', 'amiprivileged', 'membership', 'running commands', 'location']) {
      expect(help).toContain(usage);
    }
    // no privilege levels are defined: stop, reboot and privilege are for the room's owners
    for (const usage of ['privilege <user> <level>', 'unprivilege <user>', 'reboot', 'stop']) expect(help).not.toContain(usage);
    const ownerHelp = (await bot.room(1).say({ id: 1, name: 'Alice Owner' }, '@tes help'))[0].text;
    for (const usage of ['privilege <user> <level>', 'reboot', 'stop']) expect(ownerHelp).toContain(usage);
  });

  it("with no privilege levels defined, like the guide's bot, only a room owner may stop it", async () => {
    expect((await bot.room(1).say({ id: 3, name: 'Carol' }, '@tes stop'))[0].text).toMatch(/^Only this room's owners/);
    expect(bot.app.isAlive).toBe(true);
    expect((await bot.room(1).say({ id: 1, name: 'Alice Owner' }, '@tes stop'))[0].text).toBe('Stopping…');
    await bot.app.whenStopped();
    expect(bot.app.isAlive).toBe(false);
  });
});
