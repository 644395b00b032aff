import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatActionError, ChatActions, ChatTransport, OwnMessageLog, UnsupportedError, type ChatPerson, type TransportHealth } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

/** Every chat action through core's ChatActions, over the default transport, the real client and the emulator — refusals included. */
describe('ChatActions over the default transport (e2e)', () => {
  let bot: TestBot;
  let t: ChatTransport;
  let own: OwnMessageLog;
  let actions: ChatActions;
  let offsetMs = 0;
  const post = async (text: string): Promise<number> => {
    const [id] = await t.send(1, text);
    own.record(1, [id!], Date.now());
    return id!;
  };
  const refused = async (p: Promise<unknown>): Promise<ChatActionError> => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ChatActionError);
    return err as ChatActionError;
  };

  beforeAll(async () => {
    bot = await createTestBot({ messages: { startup: null }, emulator: { clock: { now: () => Date.now() + offsetMs } } });
    bot.emulator.world.addRoom({ id: 2, name: 'Bin', owners: [1] });
    t = bot.app.container.resolve(ChatTransport);
    own = new OwnMessageLog();
    actions = new ChatActions({ transport: t, own });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('edit and delete own messages; the 2-minute window is a TOO_LATE error (from chat, and checked before asking it)', async () => {
    const id = await post('first draft');
    await actions.edit(1, id, 'second draft');
    expect(bot.emulator.world.message(id)?.text).toBe('second draft');
    expect(own.get(id)?.edits).toBe(1);
    const old = await post('this one ages');
    offsetMs = 121_000;
    try {
      const e = await refused(actions.edit(1, old, 'too late'));
      expect(e).toMatchObject({ code: 'TOO_LATE', refusal: 'too-late', messageId: old });
      expect((await refused(actions.delete(1, old))).code).toBe('TOO_LATE');
    } finally {
      offsetMs = 0;
    }
    const local = new ChatActions({ transport: t, own, now: () => Date.now() + 121_000 });
    const before = bot.emulator.stats.byRoute['POST /messages/:id'] ?? 0;
    expect((await refused(local.edit(1, id, 'late'))).code).toBe('TOO_LATE');
    expect(bot.emulator.stats.byRoute['POST /messages/:id'] ?? 0).toBe(before);
    await actions.delete(1, id);
    expect(own.get(id)?.deleted).toBe(true);
    expect(bot.emulator.world.message(id)?.deleted).toBe(true);
    expect((await refused(actions.edit(1, id, 'again'))).code).toBe('MESSAGE_DELETED');
    const alien = bot.emulator.world.post(2, 1, 'not the bot’s');
    expect((await refused(actions.edit(1, alien.id, 'x'))).code).toBe('NOT_OWN_MESSAGE');
    expect((await refused(actions.delete(1, alien.id))).code).toBe('NOT_OWN_MESSAGE');
    expect((await refused(actions.edit(1, 987_654_321, 'x'))).code).toBe('NO_SUCH_MESSAGE');
  });

  it('star and pin set a value; pin, cancel stars and move need an owner (NOT_PERMITTED)', async () => {
    const m = bot.emulator.world.post(2, 1, 'a starred thought');
    await actions.star(1, m.id);
    await actions.star(1, m.id);
    expect(bot.emulator.world.message(m.id)?.stars).toBe(1);
    expect(await actions.message(m.id)).toMatchObject({ starredByMe: true, stars: 1, owner: { id: 2, name: 'Bob' }, source: 'a starred thought' });
    await actions.star(1, m.id, false);
    expect(bot.emulator.world.message(m.id)?.stars).toBe(0);
    expect((await refused(actions.pin(1, m.id))).code).toBe('NOT_PERMITTED');
    expect((await refused(actions.cancelStars(1, m.id))).code).toBe('NOT_PERMITTED');
    expect((await refused(actions.move(1, [m.id], 2))).code).toBe('NOT_PERMITTED');
    bot.emulator.world.setOwner(1, bot.app.account!.id, true);
    try {
      await actions.pin(1, m.id);
      await actions.pin(1, m.id);
      expect(await actions.message(m.id)).toMatchObject({ pinned: true, pinnedBy: [{ id: bot.app.account!.id }] });
      await actions.pin(1, m.id, false);
      expect(bot.emulator.world.message(m.id)?.pinned).toBe(false);
      bot.emulator.world.star(3, m.id);
      await actions.cancelStars(1, m.id);
      expect(bot.emulator.world.message(m.id)?.stars).toBe(0);
      expect(await actions.move(1, [m.id], 2)).toBe(1);
      expect(bot.emulator.world.message(m.id)?.roomId).toBe(2);
    } finally {
      bot.emulator.world.setOwner(1, bot.app.account!.id, false);
    }
  });

  it('reads history, user and room details', async () => {
    const id = await post('for the history');
    expect((await actions.history(1, 3)).map((m) => m.id)).toContain(id);
    bot.emulator.world.addUser({ id: 77, name: 'Diamond', moderator: true, reputation: 4242, about: 'hello there' });
    const u = await actions.user(77);
    expect(u).toMatchObject({ id: 77, name: 'Diamond', isModerator: true, reputation: 4242, about: 'hello there', lastSeen: null });
    const alice = await actions.user(1, 1);
    expect(alice).toMatchObject({ isOwner: true });
    const r = await actions.room(1);
    expect(r).toMatchObject({ id: 1, name: 'Sandbox', parentSite: 'Stack Overflow', owners: [{ id: 1, name: 'Alice Owner' }] });
    expect(r.currentUsers?.map((x) => x.id)).toContain(bot.app.account!.id);
    expect(r.pingableUsers?.length).toBeGreaterThan(0);
    expect(r.messageCount).toBeGreaterThan(0);
  });

  it('a transport without a capability: UNSUPPORTED', async () => {
    const bare = {
      self: null as ChatPerson | null, connect: async () => ({ id: 1, name: 'x' }), onEvent: () => () => undefined, send: async () => [1],
      roomName: () => undefined, roomOwners: async () => [], user: async (id: number) => ({ id, name: 'x' }), roomUsers: async () => [],
      drain: async () => undefined, close: async () => undefined, health: (): TransportHealth => ({ socketState: 'closed', lastFrameAt: null, sendBacklog: 0, reconnects: 0 }),
    };
    const a = new ChatActions({ transport: bare, own: new OwnMessageLog() });
    await expect(a.pin(1, 1)).rejects.toBeInstanceOf(UnsupportedError);
    await expect(a.move(1, [1], 2)).rejects.toMatchObject({ code: 'UNSUPPORTED', capability: 'move' });
  });
});
