import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { moderationTools } from '../src/bot.js';

/** examples/moderation-tools on the emulator: pin what you reply to, fix the bot's last message, who was here. */
describe('examples/moderation-tools on the emulator', () => {
  let bot: TestBot;
  let offsetMs = 0;
  const alice = { id: 1, name: 'Alice Owner' };
  const bob = { id: 2, name: 'Bob' };
  beforeAll(async () => {
    bot = await createTestBot({ ...moderationTools, messages: { startup: null }, emulator: { clock: { now: () => Date.now() + offsetMs } } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('pin: tells how to use it without a reply; refused by chat while the bot is not a room owner; pins once it is', async () => {
    const room = bot.room(1);
    const target = bot.emulator.world.post(bob.id, 1, 'an important announcement');
    expect((await room.say(alice, '@ModBot pin'))[0]!.text).toMatch(/^Reply to the message you want to pin/);
    expect((await room.say(alice, `:${target.id} @ModBot pin`))[0]!.text).toMatch(/^Chat refused: only room owners and moderators can do that/);
    expect(bot.emulator.world.message(target.id)?.pinned).toBe(false);
    bot.emulator.world.setOwner(1, bot.app.account!.id, true);
    expect((await room.say(alice, `:${target.id} @ModBot pin`))[0]!.text).toBe('Pinned.');
    expect(bot.emulator.world.message(target.id)?.pinned).toBe(true);
    expect((await room.say(alice, `:${target.id} @ModBot pin`))[0]!.text.trim()).toBe('Pinned.'); // already pinned: stays pinned
    expect(bot.emulator.world.message(target.id)?.pinned).toBe(true);
    expect((await room.say(alice, `:${target.id} @ModBot unpin`))[0]!.text).toBe('Unpinned.');
    expect(bot.emulator.world.message(target.id)?.pinned).toBe(false);
    // Bob has no level: the privilege guard refuses before chat is asked
    expect((await room.say(bob, `:${target.id} @ModBot pin`))[0]!.text).toMatch(/moderator/);
  });

  it("fix: edits the bot's last message; after chat's 2 minutes it says it is too late", async () => {
    const room = bot.room(1);
    const [pinned] = await room.say(alice, '@ModBot who was here');
    await room.say(bob, '@ModBot fix I stand corrected', { quietMs: 200 });
    expect(bot.emulator.world.message(pinned!.id)?.text).toBe('I stand corrected');
    offsetMs = 125_000;
    try {
      const [late] = await room.say(bob, '@ModBot fix once more');
      expect(late!.text).toBe('Too late: chat lets me edit or delete a message only within 2 minutes of posting it.');
    } finally {
      offsetMs = 0;
    }
  });

  it('who was here: the people seen in the room in the last hour', async () => {
    bot.emulator.world.post(3, 1, 'Carol says hello');
    const [answer] = await bot.room(1).say(bob, '@ModBot who was here');
    expect(answer!.text).toMatch(/^In the last hour: /);
    for (const name of ['Bob', 'Carol', 'Alice Owner']) expect(answer!.text).toContain(name);
    expect(answer!.text).not.toContain('ModBot (');
    const users = bot.app.users(1);
    expect(users.find((u) => u.id === 3)).toMatchObject({ name: 'Carol', lastMessage: expect.any(Number) });
  });
});
