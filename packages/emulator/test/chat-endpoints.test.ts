import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { parse } from 'node-html-parser';
import { ChatEmulator } from '@botpy/emulator';
import { chatsEvents, login, newHttp, type Account } from './chat-kit.js';

describe('chat emulator: the other endpoints of §4 and bad requests', () => {
  let emu: ChatEmulator;
  let bot: Account;
  beforeAll(async () => {
    emu = await ChatEmulator.start({ policies: { throttle: null, maxBodyBytes: 4096 } });
    emu.world.addUser({ id: 7, name: 'Mod Erator', moderator: true });
    bot = await login(emu, 'bot@example.com', 'botpass');
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('POST /user/info: users with is_owner true|null, email_hash, last_post', async () => {
    const r = await bot.post('/user/info', { ids: '1,100,7,424242', roomId: 1 });
    expect(r.statusCode).toBe(200);
    const { users } = JSON.parse(r.body) as { users: Record<string, unknown>[] };
    expect(users.map((u) => u.id)).toEqual([1, 100, 7]);
    expect(users[0]).toMatchObject({ name: 'Alice Owner', is_owner: true, is_moderator: false });
    expect(users[1]).toMatchObject({ name: 'TestBot', is_owner: null });
    expect(users[2]).toMatchObject({ is_moderator: true });
    expect(Object.keys(users[0]!).sort()).toEqual(['email_hash', 'id', 'is_moderator', 'is_owner', 'last_post', 'last_seen', 'name', 'reputation']);
    expect(users[0]!.email_hash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('GET /users/thumbs/{id} and /rooms/thumbs/{room} (JSON)', async () => {
    await chatsEvents(bot, 1);
    const u = JSON.parse((await bot.http.get(`${emu.origin}/users/thumbs/100`)).body) as Record<string, unknown>;
    expect(u).toMatchObject({ id: 100, name: 'TestBot', is_moderator: false, user_message: '' });
    expect(u.rooms).toEqual([expect.objectContaining({ id: 1, name: 'Sandbox' })]);
    const room = JSON.parse((await bot.http.get(`${emu.origin}/rooms/thumbs/1`)).body) as Record<string, unknown>;
    expect(room).toEqual({ id: 1, name: 'Sandbox', description: expect.any(String), isFavorite: false, usage: null, tags: '' });
    expect((await bot.http.get(`${emu.origin}/users/thumbs/5555`)).statusCode).toBe(404);
    expect((await bot.http.get(`${emu.origin}/rooms/thumbs/5555`)).statusCode).toBe(404);
  });

  it('GET /rooms/info/{room}: h1, description, #room-ownercards .usercard with owner ids', async () => {
    emu.world.setOwner(1, 3, true);
    try {
      const root = parse((await bot.http.get(`${emu.origin}/rooms/info/1`)).body);
      expect(root.querySelector('h1')?.text).toBe('Sandbox');
      expect(root.querySelector('.roomcard-xxl p')?.text).toContain('Where you can play');
      const owners = root.querySelectorAll('#room-ownercards .usercard');
      expect(owners.map((o) => o.id)).toEqual(['owner-user-1', 'owner-user-3']);
      expect(owners.map((o) => o.querySelector('a[href^="/users/"]')?.getAttribute('href'))).toEqual(['/users/1/alice-owner', '/users/3/carol']);
      expect(root.querySelectorAll('#room-usercards .usercard .user-header').map((h) => h.getAttribute('title'))).toContain('TestBot');
      expect(root.querySelector('.room-user-count-xxl')).not.toBeNull();
      expect(root.querySelector('.room-message-count-xxl')).not.toBeNull();
    } finally {
      emu.world.setOwner(1, 3, false);
    }
    expect((await bot.http.get(`${emu.origin}/rooms/info/999`)).statusCode).toBe(404);
  });

  it('GET /rooms/pingable/{room}: [id, name, seen, last_post] rows', async () => {
    emu.world.post(2, 1, 'so bob can be pinged');
    const rows = JSON.parse((await bot.http.get(`${emu.origin}/rooms/pingable/1`)).body) as [number, string, number, number][];
    const bob = rows.find((r) => r[0] === 2)!;
    expect(bob[1]).toBe('Bob');
    expect(bob[3]).toBeGreaterThan(0);
    expect(rows.find((r) => r[0] === 1)![3]).toBe(0);
    expect((await bot.http.get(`${emu.origin}/rooms/pingable/999`)).statusCode).toBe(404);
  });

  it('GET /rooms/{room}: textarea#input when the account may post, StartChat with ids, js-present users', async () => {
    const body = (await bot.http.get(`${emu.origin}/rooms/1/sandbox`)).body;
    const root = parse(body);
    expect(root.querySelector('textarea#input')).not.toBeNull();
    expect(body).toMatch(/StartChat\(\{[^)]*\}, 100, \{ id: 1, host: '', deleted: false, frozen: false \}/);
    const present = JSON.parse(root.querySelector('.js-present')!.getAttribute('data-users')!) as { id: number; is_owner?: boolean }[];
    expect(present.find((p) => p.id === 1)?.is_owner).toBe(true);
    const anon = parse((await newHttp().http.get(`${emu.origin}/rooms/1`)).body);
    expect(anon.querySelector('textarea#input')).toBeNull();
    const missing = await bot.http.get(`${emu.origin}/rooms/999`);
    expect(missing.statusCode).toBe(404);
    expect(parse(missing.body).querySelector('#fkey')).not.toBeNull();
  });

  it('GET /users/{id}: h1 name, ♦ for moderators, counts; 404 for unknown ids', async () => {
    const mod = parse((await bot.http.get(`${emu.origin}/users/7`)).body);
    expect(mod.querySelector('h1')?.text).toBe('Mod Erator');
    expect(mod.querySelector('.user-status')?.text).toContain('♦');
    expect(mod.querySelector('.user-message-count-xxl')).not.toBeNull();
    const bob = parse((await bot.http.get(`${emu.origin}/users/2/bob`)).body);
    expect(bob.querySelector('.user-status')?.text).not.toContain('♦');
    expect((await bot.http.get(`${emu.origin}/users/4444`)).statusCode).toBe(404);
  });

  it('GET /transcript/message/{id}: monologues, .highlight on the target, .reply-info for replies', async () => {
    const parent = emu.world.post(2, 1, 'transcript parent');
    const reply = emu.world.post(3, 1, `:${parent.id} transcript <reply>`);
    const root = parse((await bot.http.get(`${emu.origin}/transcript/message/${reply.id}`)).body);
    const target = root.querySelector(`#message-${reply.id}`)!;
    expect(target.classList.contains('highlight')).toBe(true);
    expect(target.querySelector('.content')?.innerHTML.trim()).toBe('@Bob transcript &lt;reply&gt;');
    expect(target.querySelector('.reply-info')?.getAttribute('href')).toMatch(new RegExp(`#${parent.id}$`));
    expect(target.closest('.monologue')?.classList.contains('user-3')).toBe(true);
    expect(root.querySelector('.room-name a')?.text).toBe('Sandbox');
    expect((await bot.http.get(`${emu.origin}/transcript/message/1`)).statusCode).toBe(404);
  });

  it('join, leave, leave/all and ack answer 200 and change presence', async () => {
    expect((await bot.post('/chats/join/1', { immediate: 'true', quiet: 'true' })).statusCode).toBe(200);
    expect(emu.world.userState(100)!.rooms.has(1)).toBe(true);
    expect((await bot.post('/chats/leave/1', { quiet: 'true' })).statusCode).toBe(200);
    expect(emu.world.userState(100)!.rooms.has(1)).toBe(false);
    await bot.post('/chats/join/1');
    await bot.post('/chats/leave/all', { quiet: 'true' });
    expect(emu.world.userState(100)!.rooms.size).toBe(0);
    const ack = await bot.post('/messages/ack', { id: 1 });
    expect([ack.statusCode, ack.body]).toEqual([200, '"ok"']);
    expect((await bot.post('/chats/join/999')).statusCode).toBe(404);
  });

  it('reading works anonymously: /chats/{room}/events and /events without a session', async () => {
    const { http } = newHttp();
    const r = await http.post(`${emu.origin}/chats/1/events`, { form: { since: 0, mode: 'Messages', msgCount: 5 } });
    expect(r.statusCode).toBe(200);
    const p = await http.post(`${emu.origin}/events`, { form: { r1: 0 } });
    expect(Object.keys(JSON.parse(p.body) as object)).toEqual(['r1']);
  });

  it('bad requests get real statuses and never crash the emulator', async () => {
    expect((await bot.post('/chats/999/events')).statusCode).toBe(404);
    expect((await bot.post('/chats/999/events')).body).toBe('The room does not exist, or you do not have permission');
    expect((await bot.post('/ws-auth', { roomid: 'abc' })).statusCode).toBe(400);
    expect((await bot.post('/ws-auth', { roomid: 999 })).statusCode).toBe(404);
    expect((await bot.post('/chats/1/messages/new', { text: 'x', fkey: 'wrong' })).statusCode).toBe(403);
    const garbage = await bot.http.post(`${emu.origin}/chats/1/messages/new`, { body: '%%%&&&==%E0%A4%A', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(garbage.statusCode).toBe(403);
    const malformed = await bot.http.post(`${emu.origin}/chats/1/messages/new`, { body: `fkey=${bot.fkey}&text`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(malformed.statusCode).toBe(400);
    const big = await bot.post('/chats/1/messages/new', { text: 'x'.repeat(5000) });
    expect(big.statusCode).toBe(413);
    expect((await bot.http.get(`${emu.origin}/no/such/page`)).statusCode).toBe(404);
    expect((await bot.http.get(`${emu.origin}/message/abc`)).statusCode).toBe(404);
    // a lying content-length and an aborted body
    await new Promise<void>((resolve) => {
      const req = request(`${emu.origin}/chats/1/messages/new`, { method: 'POST', headers: { 'content-length': '100' } });
      req.on('error', () => resolve());
      req.write('text=abc');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    expect((await bot.post('/chats/1/messages/new', { text: 'still alive' })).statusCode).toBe(200);
  });
});

describe('chat emulator: /messages/{id}/history', () => {
  it('lists revisions newest first with their sources, stars and the pinner; 404 for deleted ones', async () => {
    const emu = await ChatEmulator.start({ policies: { throttle: null } });
    try {
      const alice = await login(emu, 'alice@example.com', 'alicepass');
      const m = emu.world.post(2, 1, 'first *draft*');
      emu.world.edit(2, m.id, 'second draft');
      emu.world.star(3, m.id);
      emu.world.star(1, m.id);
      await alice.post(`/messages/${m.id}/owner-star`);
      const root = parse((await alice.http.get(`${emu.origin}/messages/${m.id}/history`)).body);
      const monologues = root.querySelectorAll('.monologue');
      expect(monologues[0]!.querySelector(`.message a[name="${m.id}"]`)?.getAttribute('href')).toBe(`/transcript/1?m=${m.id}#${m.id}`);
      expect(monologues[0]!.querySelector('.content')?.text).toBe('second draft');
      expect(monologues.slice(1).map((x) => [x.querySelector('.content b')?.text, x.querySelector('.message-source')?.text])).toEqual([
        ['edited:', 'second draft'],
        ['said:', 'first *draft*'],
      ]);
      expect(root.querySelector('.flash .stars.vote-count-container.owner-star .times')?.text).toBe('2');
      expect(root.querySelector('#content p a')?.getAttribute('href')).toBe('/users/1/alice-owner');
      emu.world.delete(2, m.id);
      const bob = await login(emu, 'bob@example.com', 'bobpass');
      expect((await bob.http.get(`${emu.origin}/messages/${m.id}/history`)).statusCode).toBe(404);
      const asOwner = parse((await alice.http.get(`${emu.origin}/messages/${m.id}/history`)).body);
      expect(asOwner.querySelectorAll('.monologue')[1]!.querySelector('.content b')?.text).toBe('deleted');
      expect((await bob.http.get(`${emu.origin}/messages/4242/history`)).statusCode).toBe(404);
    } finally {
      await emu.stop();
    }
  });
});
