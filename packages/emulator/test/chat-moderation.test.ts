import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatEmulator } from '@botpy/emulator';
import { chatsEvents, events, login, openSocket, type Account } from './chat-kit.js';

describe('chat emulator: moving messages and access changes (spec §4.16, §6.2–6.3)', () => {
  let emu: ChatEmulator;
  let bot: Account;
  let alice: Account;
  beforeAll(async () => {
    emu = await ChatEmulator.start({ policies: { throttle: null } });
    emu.world.addRoom({ id: 2, name: 'Archive Room', owners: [1] });
    bot = await login(emu, 'bot@example.com', 'botpass');
    alice = await login(emu, 'alice@example.com', 'alicepass');
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('POST /admin/movePosts/{room}: owners only; a JSON count; 19s + a notice in the source, 20s + a notice in the destination', async () => {
    await chatsEvents(bot, 1);
    await chatsEvents(bot, 2);
    const a = emu.world.post(2, 1, 'off topic one');
    const b = emu.world.post(3, 1, 'off topic two');
    const refused = await bot.post('/admin/movePosts/1', { ids: `${a.id},${b.id}`, to: 2 });
    expect(refused.body).toBe('"Only room owners can move messages"');
    expect(emu.world.message(a.id)?.roomId).toBe(1);

    const { sock } = await openSocket(emu, bot, 1);
    try {
      const frame = sock.next((f) => events(f).some((e) => e.event_type === 20));
      const r = await alice.post('/admin/movePosts/1', { ids: `${a.id},${b.id},99999`, to: 2 });
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(r.body)).toBe(2);
      const f = await frame;
      const out = events(f, 1);
      const inn = events(f, 2);
      expect(out.filter((e) => e.event_type === 19).map((e) => e.message_id)).toEqual([a.id, b.id]);
      expect(out.filter((e) => e.event_type === 19).every((e) => e.moved === true)).toBe(true);
      expect(out.find((e) => e.event_type === 1)?.content).toMatch(/^&rarr; <i><a href="\/transcript\/message\/\d+#\d+">2 messages<\/a> moved to <a href="\/rooms\/2\/archive-room">Archive Room<\/a><\/i>$/);
      expect(inn.filter((e) => e.event_type === 20).map((e) => e.message_id)).toEqual([a.id, b.id]);
      expect(inn.find((e) => e.event_type === 1)?.content).toMatch(/^&larr; <i>2 messages moved from <a href="\/rooms\/1\/sandbox">Sandbox<\/a><\/i>$/);
    } finally {
      sock.close();
    }
    expect(emu.world.transcript(2).map((m) => m.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(emu.world.transcript(1).map((m) => m.id)).not.toContain(a.id);
  });

  it('POST /rooms/setuseraccess/{room}: an owner grants and removes ownership; event 15 "Access now owner"', async () => {
    expect((await bot.post('/rooms/setuseraccess/1', { aclUserId: 3, userAccess: 'owner' })).statusCode).toBe(404);
    const { sock } = await openSocket(emu, bot, 1);
    try {
      const frame = sock.next((f) => events(f).some((e) => e.event_type === 15));
      expect((await alice.post('/rooms/setuseraccess/1', { aclUserId: 100, userAccess: 'owner' })).body).toBe('"ok"');
      const ev = events(await frame, 1).find((e) => e.event_type === 15)!;
      expect(ev).toMatchObject({ content: 'Access now owner', user_id: 1, target_user_id: 100 });
      expect(emu.world.room(1)?.owners).toContain(100);
      emu.world.setAccess(1, 100, 'read-write', 1);
      expect(emu.world.room(1)?.owners).not.toContain(100);
    } finally {
      sock.close();
    }
  });
});
