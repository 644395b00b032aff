import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { privilegedBot } from '../src/bot.js';

describe('examples/privileged-commands on the emulator', () => {
  let bot: TestBot;
  const alice = { id: 1, name: 'Alice Owner' }; // owner of room 1 in the demo world
  const bob = { id: 2, name: 'Bob' };
  const text = async (u: { id: number; name: string }, t: string) => (await bot.room(1).say(u, t)).map((r) => r.text).join('\n');

  beforeAll(async () => {
    bot = await createTestBot({ ...privilegedBot, emulator: { server: 'stackoverflow' } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('defines the guide\'s two levels and gives the room owner the top one', async () => {
    expect(bot.app.privileges.levelOf(1, alice.id)).toBe(2);
    expect(await text(alice, '@priv amiprivileged')).toBe('You have the owner privilege (level 2) in this room.');
  });

  it('test/demo: refused at level 0 and 1, run once granted level 2', async () => {
    expect(await text(bob, '@priv test a b')).toMatch(/^You need the owner \(2\) privilege to run that command; yours here is/);

    expect(await text(alice, '@priv privilege 2 regular_user')).toMatch(/Bob \(2\) now has the regular_user privilege/);
    expect(await text(bob, '@priv echo hello there')).toBe('hello there');
    expect(await text(bob, '@priv demo')).toMatch(/^You need the owner \(2\) privilege/);

    expect(await text(alice, '@priv privilege 2 owner')).toMatch(/Bob \(2\) now has the owner privilege/);
    const replies = await bot.room(1).say(bob, '@PrivilegeBot demo x y z');
    expect(replies.map((r) => r.text)).toEqual(['Hello, fellow users!']);
    expect(replies[0]!.replyTo).toBeDefined();
  });

  it('grants are per room and survive a restart', async () => {
    await bot.restart();
    expect(bot.app.privileges.levelOf(1, bob.id)).toBe(2);
    expect(bot.app.privileges.levelOf(2, bob.id)).toBe(0);
    expect(await text(bob, '@priv test')).toBe('Hello, fellow users!');
  });

  it('a user without privileges cannot grant any', async () => {
    const carol = { id: 3, name: 'Carol' };
    expect(await text(carol, `@priv privilege ${bob.id} regular_user`)).toMatch(/^You need the owner \(2\) privilege/);
    expect(bot.app.privileges.levelOf(1, bob.id)).toBe(2);
  });
});
