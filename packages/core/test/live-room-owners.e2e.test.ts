import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatTransport, LiveRoomOwners } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';
import { captureLogger } from './capture-logger.js';

const until = async (what: string, cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** roomOwnersMax follows the room's current owners: access-change events (15) and the info page. */
describe('LiveRoomOwners (e2e on the emulator)', () => {
  let bot: TestBot;
  let live: LiveRoomOwners;
  beforeAll(async () => {
    bot = await createTestBot({ messages: { startup: null }, privileges: [{ level: 1, name: 'regular' }, { level: 2, name: 'admin' }] });
    const t = bot.app.container.resolve(ChatTransport);
    live = new LiveRoomOwners(t, bot.app.privileges, captureLogger().logger);
    t.onEvent((e) => live.observe(e));
    await live.follow([1]);
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('the owners read at start get the top level, marked as implied by ownership', () => {
    expect(bot.app.privileges.levelOf(1, 1)).toBe(2);
    expect(bot.app.privileges.list(1).find((g) => g.userId === 1)).toMatchObject({ viaOwnership: true, grantedBy: null });
  });

  it('an owner made later gets it at once (event 15); demoted, loses it; an explicit grant survives a demotion', async () => {
    const w = bot.emulator.world;
    w.setAccess(1, 2, 'owner', 1);
    await until('Bob to get admin', () => bot.app.privileges.levelOf(1, 2) === 2);
    w.setAccess(1, 2, 'read-write', 1);
    await until('Bob to lose admin', () => bot.app.privileges.levelOf(1, 2) === 0);

    // Carol holds an explicit regular grant: ownership raises it, demotion gives it back
    await bot.app.privileges.grant(1, { id: 3, name: 'Carol' }, 1);
    w.setAccess(1, 3, 'owner', 1);
    await until('Carol to get admin', () => bot.app.privileges.levelOf(1, 3) === 2);
    w.setAccess(1, 3, 'read-write', 1);
    await until('Carol back to regular', () => bot.app.privileges.levelOf(1, 3) === 1);
    expect(bot.app.privileges.list(1).find((g) => g.userId === 3)?.viaOwnership).toBeUndefined();

    // an explicit admin grant made while an owner is explicit: it stays after the demotion
    w.setAccess(1, 2, 'owner', 1);
    await until('Bob to get admin again', () => bot.app.privileges.levelOf(1, 2) === 2);
    await bot.app.privileges.grant(1, { id: 2, name: 'Bob' }, 2);
    w.setAccess(1, 2, 'read-write', 1);
    await new Promise((r) => setTimeout(r, 300));
    await live.refresh(1);
    expect(bot.app.privileges.levelOf(1, 2)).toBe(2);
  });

  it('isOwner answers from the cached info page', async () => {
    expect(await live.isOwner(1, 1)).toBe(true);
    expect(await live.isOwner(1, 3)).toBe(false);
  });
});
