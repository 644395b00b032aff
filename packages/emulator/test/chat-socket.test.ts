import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { ChatEmulator } from '@botpy/emulator';
import { chatsEvents, events, FrameSocket, login, openSocket, type Account } from './chat-kit.js';

describe('chat emulator: WebSocket and polling (spec §4.2–4.4, §5, §6.3)', () => {
  let emu: ChatEmulator;
  let bot: Account;
  const open: FrameSocket[] = [];
  beforeAll(async () => {
    emu = await ChatEmulator.start({ policies: { throttle: null } });
    emu.world.addRoom({ id: 2, name: 'Second Room', owners: [1] });
    bot = await login(emu, 'bot@example.com', 'botpass');
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => {
    await emu.stop();
  });
  const track = <T extends { sock: FrameSocket }>(x: T): T => (open.push(x.sock), x);

  it('ws-auth gives ws://127.0.0.1:PORT/events/{room}/{32 hex}; the first frame comes at once', async () => {
    const { time } = await chatsEvents(bot, 1);
    const { first, url } = track(await openSocket(emu, bot, 1, time));
    expect(url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/events/1/[0-9a-f]{32}$`));
    expect(first.r1).toBeDefined();
    expect(first.r1!.t).toBeGreaterThanOrEqual(time);
  });

  it("delivers another user's post as a type-1 frame {r1:{e,t,d}} with t = the event id", async () => {
    const { time } = await chatsEvents(bot, 1);
    const { sock } = track(await openSocket(emu, bot, 1, time));
    const m = emu.world.post(2, 1, 'hello **bot**');
    const f = await sock.next((x) => events(x).some((e) => e.message_id === m.id));
    const [e] = events(f, 1);
    expect(e).toMatchObject({ event_type: 1, content: 'hello <b>bot</b>', user_id: 2, user_name: 'Bob', room_id: 1, room_name: 'Sandbox', message_id: m.id });
    expect(typeof e!.time_stamp).toBe('number');
    expect(f.r1!.t).toBe(e!.id);
    expect(f.r1!.d).toBeGreaterThanOrEqual(1);
    expect(e).not.toHaveProperty('message_edits');
  });

  it('replays events with id > l in the first frame, and none when l is huge', async () => {
    const { time } = await chatsEvents(bot, 1);
    const a = emu.world.post(2, 1, 'missed one');
    const b = emu.world.post(3, 1, 'missed two');
    const { first } = track(await openSocket(emu, bot, 1, time));
    const ids = events(first, 1).map((e) => e.message_id);
    expect(ids).toEqual([a.id, b.id]);
    const { first: none } = track(await openSocket(emu, bot, 1, 99_999_999_999));
    expect(events(none)).toEqual([]);
  });

  it('a socket token is single use and bound to Origin', async () => {
    const auth = await bot.post('/ws-auth', { roomid: 1 });
    const url = (JSON.parse(auth.body) as { url: string }).url;
    const badOrigin = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers: { Origin: 'https://evil.example' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(badOrigin).toBe(403);
    const ok = new FrameSocket(new WebSocket(url, { headers: { Origin: emu.origin } }));
    open.push(ok);
    await ok.next();
    const reuse = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, { headers: { Origin: emu.origin } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(reuse).toBe(404);
  });

  it('one socket carries every room the account joined (multi-room fan-out)', async () => {
    await chatsEvents(bot, 2); // joining room 2
    const { sock } = track(await openSocket(emu, bot, 1));
    const m = emu.world.post(1, 2, 'over in room two');
    const f = await sock.next((x) => events(x).some((e) => e.message_id === m.id));
    expect(Object.keys(f)).toEqual(['r2']);
    expect(events(f, 2)[0]).toMatchObject({ event_type: 1, room_id: 2, room_name: 'Second Room' });
  });

  it('a reply to the bot: 18 copied to every room of the bot, the 1 only in its room (OakBot capture)', async () => {
    await chatsEvents(bot, 2);
    const mine = await bot.post('/chats/1/messages/new', { text: 'a bot message' });
    const mineId = (JSON.parse(mine.body) as { id: number }).id;
    const { sock } = track(await openSocket(emu, bot, 1));
    const reply = emu.world.post(2, 1, `:${mineId} thanks`);
    const f = await sock.next((x) => events(x).some((e) => e.message_id === reply.id && e.event_type === 1));
    const r1 = events(f, 1);
    const r2 = events(f, 2);
    expect(r1.map((e) => e.event_type)).toEqual([18, 1]);
    expect(r2.map((e) => e.event_type)).toEqual([18]);
    expect(r1[0]).toMatchObject({ target_user_id: 100, parent_id: mineId, show_parent: true, content: '@TestBot thanks', room_id: 1 });
    expect(r1[1]).toMatchObject({ parent_id: mineId, show_parent: true });
    expect(r1[1]).not.toHaveProperty('target_user_id');
    expect(r1[0]!.id).not.toBe(r1[1]!.id);
    expect(f.r1!.t).toBe(r1[1]!.id);
  });

  it('pings: 8 only for the pinged account (prefix ≥ 3, case-insensitive); others see just the 1', async () => {
    await chatsEvents(bot, 1);
    const { sock } = track(await openSocket(emu, bot, 1));
    const bob = await login(emu, 'bob@example.com', 'bobpass');
    const { sock: bobSock } = track(await openSocket(emu, bob, 1));
    const p = emu.world.post(3, 1, 'hey @testb look');
    const f = await sock.next((x) => events(x).some((e) => e.message_id === p.id && e.event_type === 1));
    expect(events(f, 1).map((e) => e.event_type)).toEqual([8, 1]);
    expect(events(f, 1)[0]).toMatchObject({ target_user_id: 100, content: 'hey @testb look' });
    const bf = await bobSock.next((x) => events(x).some((e) => e.message_id === p.id), 3000, true);
    expect(events(bf).map((e) => e.event_type)).toEqual([1]);
    // two letters do not ping; nor does pinging yourself
    const q = emu.world.post(3, 1, '@te too short');
    const g = await sock.next((x) => events(x).some((e) => e.message_id === q.id));
    expect(events(g).map((e) => e.event_type)).toEqual([1]);
  });

  it('edit adding a ping yields 8 + 2; delete yields 10 without content; star/pin yield 6 without actor', async () => {
    await chatsEvents(bot, 1);
    const { sock } = track(await openSocket(emu, bot, 1));
    const m = emu.world.post(2, 1, 'plain');
    await sock.next((x) => events(x).some((e) => e.message_id === m.id));
    emu.world.edit(2, m.id, 'plain @TestBot');
    const f = await sock.next((x) => events(x).some((e) => e.event_type === 2));
    expect(events(f, 1).map((e) => e.event_type)).toEqual([8, 2]);
    expect(events(f, 1)[1]).toMatchObject({ message_edits: 1, content: 'plain @TestBot' });
    emu.world.star(3, m.id);
    const s = await sock.next((x) => events(x).some((e) => e.event_type === 6));
    expect(events(s)[0]).toMatchObject({ event_type: 6, message_id: m.id, message_stars: 1 });
    expect(events(s)[0]).not.toHaveProperty('user_id');
    emu.world.pin(1, m.id);
    const pf = await sock.next((x) => events(x).some((e) => e.event_type === 6 && e.message_owner_stars === 1));
    expect(events(pf)[0]).toHaveProperty('message_owner_stars', 1);
    emu.world.delete(2, m.id);
    const d = await sock.next((x) => events(x).some((e) => e.event_type === 10));
    expect(events(d)[0]).toMatchObject({ event_type: 10, message_id: m.id, message_edits: 1, user_id: 2 });
    expect(events(d)[0]).not.toHaveProperty('content');
  });

  it('enter/leave/kick produce 3, 4 and 4+15 in one frame', async () => {
    await chatsEvents(bot, 1);
    const { sock } = track(await openSocket(emu, bot, 1));
    const carolLike = emu.world.addUser({ name: 'Dave' });
    emu.world.enter(carolLike.id, 1);
    const f3 = await sock.next((x) => events(x).some((e) => e.event_type === 3));
    expect(events(f3)[0]).toMatchObject({ event_type: 3, user_id: carolLike.id, target_user_id: carolLike.id, room_id: 1 });
    emu.world.leave(carolLike.id, 1);
    await sock.next((x) => events(x).some((e) => e.event_type === 4));
    emu.world.enter(carolLike.id, 1);
    emu.world.kick(1, carolLike.id, 1);
    const k = await sock.next((x) => events(x).some((e) => e.event_type === 15));
    expect(events(k).map((e) => e.event_type)).toEqual([4, 15]);
    expect(events(k)[1]).toMatchObject({ user_id: 1, target_user_id: carolLike.id });
  });

  it('/events polling returns {r{room}:{e,t,d}} from the same log', async () => {
    const { time } = await chatsEvents(bot, 1);
    const m = emu.world.post(2, 1, 'poll me');
    const r = await bot.post('/events', { r1: time });
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body) as Record<string, { e: { message_id: number; id: number }[]; t: number; d: number }>;
    expect(body.r1!.e.map((e) => e.message_id)).toContain(m.id);
    expect(body.r1!.t).toBe(body.r1!.e[body.r1!.e.length - 1]!.id);
    const again = JSON.parse((await bot.post('/events', { r1: body.r1!.t })).body) as Record<string, { e?: unknown[]; t: number }>;
    expect(again.r1!.e).toBeUndefined();
    expect(again.r1!.t).toBe(body.r1!.t);
  });

  it('/chats/{room}/events returns type-1 history and the cursor; msgCount and before page it', async () => {
    const a = emu.world.post(2, 1, 'history a');
    const b = emu.world.post(3, 1, 'history b');
    const res = await chatsEvents(bot, 1, { msgCount: 2 });
    expect(res.events.map((e) => e.message_id)).toEqual([a.id, b.id]);
    expect(res.events[0]).toMatchObject({ event_type: 1, content: 'history a', user_name: 'Bob', room_name: 'Sandbox' });
    expect(res.time).toBeGreaterThanOrEqual(res.events[1]!.id as number);
    const older = await chatsEvents(bot, 1, { msgCount: 1, before: a.id });
    expect(older.events).toHaveLength(1);
    expect(older.events[0]!.message_id as number).toBeLessThan(a.id);
  });
});
