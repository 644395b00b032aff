/**
 * Conformance: the emulator's responses have the kinds, fields and HTML structure of the fixtures.
 * Runs over the project's own fixtures (test/fixtures/se-chat) and, when the developers' shared
 * captures exist next to the repository (../shared/fixtures/se-chat), over those too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'node-html-parser';
import { ChatEmulator } from '@botpy/emulator';
import { chatsEvents, events, login, loginFkey, newHttp, openSocket, type Account, type Frame } from './chat-kit.js';
import { chatExchange, ClientCrash, samliew, sochat4j } from './client-readers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

interface FixtureSet {
  name: string;
  dir: string;
  events: Record<number, string>;
  frames: { message: string[]; replyTwoRooms: string; idle: string; cursorOnly: string };
  http: Record<'wsAuth' | 'sendOk' | 'throttled' | 'actionOk' | 'deleteTooLate' | 'chatsEvents' | 'eventsPoll' | 'userInfo' | 'pingable' | 'roomsThumbs' | 'plainTrue' | 'plainFalse' | 'login302' | 'chatCookie', string>;
  html: { login: string[]; favorite: string[]; room: string; roomsInfo: string; transcript: string; history: string };
}

const OWN: FixtureSet = {
  name: 'project',
  dir: path.join(here, 'fixtures/se-chat'),
  events: { 1: 'events/posted.json', 2: 'events/edited.json', 3: 'events/entered.json', 4: 'events/left.json', 6: 'events/starred.json', 8: 'events/mentioned.json', 10: 'events/deleted.json', 15: 'events/access-changed.json', 18: 'events/replied.json' },
  frames: { message: ['ws-frames/message.json'], replyTwoRooms: 'ws-frames/reply-two-rooms.json', idle: 'ws-frames/idle.json', cursorOnly: 'ws-frames/cursor-only.json' },
  http: {
    wsAuth: 'http/ws-auth.json',
    sendOk: 'http/messages-new.json',
    throttled: 'http/throttled.txt',
    actionOk: 'http/action-ok.json',
    deleteTooLate: 'http/delete-too-late.json',
    chatsEvents: 'http/chats-events.json',
    eventsPoll: 'http/events-poll.json',
    userInfo: 'http/user-info.json',
    pingable: 'http/pingable.json',
    roomsThumbs: 'http/rooms-thumbs.json',
    plainTrue: 'http/message.plain-true.txt',
    plainFalse: 'http/message.plain-false.html',
    login302: 'http/login-post-302.http.txt',
    chatCookie: 'http/chat-root-set-cookie.http.txt',
  },
  html: { login: ['html/login.html'], favorite: ['html/favorite.html'], room: 'html/room.html', roomsInfo: 'html/rooms-info.html', transcript: 'html/transcript.html', history: 'html/history.html' },
};

const SHARED: FixtureSet = {
  name: 'shared',
  // SE_CHAT_FIXTURES points elsewhere (e.g. from a git worktree, whose ../shared is not the developers')
  dir: process.env.SE_CHAT_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures/se-chat'),
  events: Object.fromEntries([1, 2, 3, 4, 6, 8, 10, 15, 18].map((t) => [t, `events/samliew-event-${t}.json`])),
  frames: {
    message: ['ws-frames/oakbot-wiki-01-message-posted.json', 'ws-frames/oakbot-wiki-02-message-edited.json', 'ws-frames/oakbot-wiki-03-message-deleted.json', 'ws-frames/zirak-03-message-posted.json', 'ws-frames/zirak-04-user-entered.json'],
    replyTwoRooms: 'ws-frames/oakbot-wiki-04-reply-broadcast-two-rooms.json',
    idle: 'ws-frames/zirak-01-empty-room-frame.json',
    cursorOnly: 'ws-frames/zirak-02-cursor-only-frame.json',
  },
  http: {
    wsAuth: 'http/ws-auth.response.json',
    sendOk: 'http/chats-messages-new.response.json',
    throttled: 'http/chats-messages-new.409-throttled.txt',
    actionOk: 'http/messages-edit.ok.json',
    deleteTooLate: 'http/messages-delete.too-late.json',
    chatsEvents: 'http/chats-events.response.json',
    eventsPoll: 'http/events-poll.response.json',
    userInfo: 'http/user-info.response.json',
    pingable: 'http/rooms-pingable.response.json',
    roomsThumbs: 'http/rooms-thumbs.response.json',
    plainTrue: 'http/message-15359027.plain-true.txt',
    plainFalse: 'http/message-15359027.plain-false.html',
    login302: 'http/users-login.post.302.http.txt',
    chatCookie: 'http/chat-root.get.set-cookie.http.txt',
  },
  html: {
    login: ['html/users-login.current-shape.written.html', 'html/users-login.stackoverflow-2018.samliew.html', 'html/users-login.stackoverflow-2017.sochat4j.html'],
    favorite: ['html/chats-join-favorite.samliew.html', 'html/chats-join-favorite.chatexchange-2014.html'],
    room: 'html/rooms-1.room-page.sochat4j.html',
    roomsInfo: 'html/rooms-info.samliew.html',
    transcript: 'html/transcript-message.samliew.html',
    history: 'html/messages-history.edited-once.written.html',
  },
};

// ---------- shape extractors, applied alike to fixtures and to the emulator ----------

type Json = Record<string, unknown>;
const shape = (o: Json): Record<string, string> =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([k]) => k !== '_comment')
      .map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
const keys = (o: Json): string[] => Object.keys(o).filter((k) => k !== '_comment').sort();

/** Checks the frame grammar of §5.3 and returns per-room event type lists. */
function frameShape(f: Frame): Record<string, number[] | 'empty' | 'cursor'> {
  const out: Record<string, number[] | 'empty' | 'cursor'> = {};
  for (const [k, v] of Object.entries(f)) {
    expect(k).toMatch(/^r\d+$/);
    if (Object.keys(v).length === 0) {
      out[k] = 'empty';
      continue;
    }
    expect(typeof v.t).toBe('number');
    expect(typeof v.d).toBe('number');
    if (!v.e) {
      expect(keys(v as Json)).toEqual(['d', 't']);
      out[k] = 'cursor';
      continue;
    }
    expect(keys(v as Json)).toEqual(['d', 'e', 't']);
    // t is the account's newest event id: the last event's id, or later in a section that got only some of the frame's events
    expect(v.t).toBeGreaterThanOrEqual(Math.max(...v.e.map((e) => e.id as number)));
    out[k] = v.e.map((e) => e.event_type as number);
  }
  return out;
}

function rawHttp(text: string): { status: number; headers: [string, string][] } {
  const [head] = text.split(/\r?\n\r?\n/);
  const lines = head!.split(/\r?\n/);
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(lines[0]!)![1]);
  return { status, headers: lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]) };
}
const cookieNames = (setCookies: string[]): string[] => setCookies.map((c) => c.slice(0, c.indexOf('='))).sort();

const topbar = (html: string) => {
  const a = parse(html).querySelector('.topbar-menu-links a');
  return { href: a?.getAttribute('href') ?? '', name: a?.text.trim() ?? '' };
};
const startChat = (html: string) => {
  const m = /StartChat\(\{[\s\S]*?\},\s*(\d+),\s*\{\s*id:\s*(\d+)/.exec(html);
  return m ? { userId: Number(m[1]), roomId: Number(m[2]) } : null;
};
const roomsInfo = (html: string) => {
  const root = parse(html);
  return {
    name: root.querySelector('h1')?.text.trim() ?? '',
    hasDescription: root.querySelector('.roomcard-xxl p') !== null,
    owners: root.querySelectorAll('#room-ownercards .usercard').map((c) => ({
      idAttr: /^owner-user-\d+$/.test(c.id),
      href: c.querySelector('a[href^="/users/"]')?.getAttribute('href') ?? '',
    })),
    userHeaders: root.querySelectorAll('#room-usercards .usercard .user-header').map((h) => h.getAttribute('title') ?? ''),
    counts: root.querySelector('.room-message-count-xxl') !== null && root.querySelector('.room-user-count-xxl') !== null,
  };
};
const transcript = (html: string) => {
  const root = parse(html);
  return root.querySelectorAll('.monologue').map((m) => ({
    userClass: m.classList.value.some((c) => /^user-\d+$/.test(c)),
    username: m.querySelector('.signature .username a')?.text.trim() ?? '',
    messages: m.querySelectorAll('.message').map((x) => ({ id: /^message-\d+$/.test(x.id), hasContent: x.querySelector('.content') !== null })),
  }));
};

const history = (html: string) => {
  const monologues = parse(html).querySelectorAll('.monologue');
  const first = monologues[0]?.querySelector('.message a[name]');
  return {
    currentLink: /^\/transcript\/\d+\?m=(\d+)#\1$/.test(first?.getAttribute('href') ?? '') && first?.getAttribute('href')?.endsWith(`#${first.getAttribute('name')}`),
    revisions: monologues.slice(1).map((m) => ({ label: m.querySelector('.content b')?.text.trim() ?? '', source: m.querySelector('.message-source')?.text ?? null })),
  };
};

// ---------- the emulator side, produced once ----------

interface Produced {
  events: Record<number, Json>;
  messageFrame: Frame;
  firstFrame: Frame;
  replyFrame: Frame;
  idleFrame: Frame;
  http: Record<string, { status: number; body: string; contentType: string; setCookie: string[] }>;
  pages: Record<string, string>;
}

describe('SE chat conformance', () => {
  let emu: ChatEmulator;
  let se: ChatEmulator;
  let bot: Account;
  const p = { events: {}, http: {}, pages: {} } as Produced;

  beforeAll(async () => {
    let clock = Date.UTC(2026, 0, 1);
    emu = await ChatEmulator.start({ clock: { now: () => clock }, policies: { throttle: { burst: 100, perSecond: 1 } } });
    se = await ChatEmulator.start({ server: 'stackexchange' });
    emu.world.addRoom({ id: 139, name: 'Other Room', owners: [1] });
    const w = emu.world;
    bot = await login(emu, 'bot@example.com', 'botpass');
    await chatsEvents(bot, 1);
    await chatsEvents(bot, 139);
    const { time } = await chatsEvents(bot, 1);
    const { sock, first } = await openSocket(emu, bot, 1, time);
    p.firstFrame = first;
    const sendRes = await bot.post('/chats/1/messages/new', { text: 'bot says hi' });
    const botMsg = (JSON.parse(sendRes.body) as { id: number }).id;
    const posted = w.post(2, 1, 'test');
    p.messageFrame = await sock.next((f) => events(f).some((e) => e.message_id === posted.id));
    w.edit(2, posted.id, 'test5');
    w.enter(3, 139);
    w.leave(3, 139);
    w.star(3, botMsg);
    w.post(2, 1, '@TestBot hi');
    w.delete(2, posted.id);
    const dave = w.addUser({ name: 'Dave' });
    w.enter(dave.id, 1);
    w.kick(1, dave.id, 1);
    const reply = w.post(2, 1, `:${botMsg} test`);
    p.replyFrame = await sock.next((f) => events(f).some((e) => e.message_id === reply.id && e.event_type === 1));
    sock.close();
    const poll = JSON.parse((await bot.post('/events', { r1: 0, r139: 0 })).body) as Record<string, { e: Json[] }>;
    for (const e of [...poll.r1!.e, ...poll.r139!.e]) if (!(Number(e.event_type) in p.events)) p.events[Number(e.event_type)] = e;

    emu.policies.idleFrameSeconds = 0.1;
    const idle = await openSocket(emu, bot, 1);
    p.idleFrame = await idle.sock.next((f) => JSON.stringify(Object.values(f)[0]) === '{}', 2000);
    idle.sock.close();
    emu.policies.idleFrameSeconds = 0;

    const grab = async (key: string, r: Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>) => {
      const res = await r;
      const sc = res.headers['set-cookie'];
      p.http[key] = { status: res.statusCode, body: res.body, contentType: String(res.headers['content-type'] ?? ''), setCookie: Array.isArray(sc) ? (sc as string[]) : [] };
    };
    await grab('wsAuth', bot.post('/ws-auth', { roomid: 1 }));
    await grab('sendOk', bot.post('/chats/1/messages/new', { text: 'another one' }));
    const own = (JSON.parse(p.http.sendOk!.body) as { id: number }).id;
    await grab('actionOk', bot.post(`/messages/${own}`, { text: 'edited' }));
    clock += 200_000;
    await grab('deleteTooLate', bot.post(`/messages/${own}/delete`));
    emu.policies.throttle = { burst: 1, perSecond: 0.25 };
    await bot.post('/chats/1/messages/new', { text: 'burst 1' });
    await grab('throttled', bot.post('/chats/1/messages/new', { text: 'burst 2' }));
    emu.policies.throttle = null;
    await grab('chatsEvents', bot.post('/chats/1/events', { since: 0, mode: 'Messages', msgCount: 100 }));
    await grab('userInfo', bot.post('/user/info', { ids: '1,100', roomId: 1 }));
    await grab('pingable', bot.http.get(`${emu.origin}/rooms/pingable/1`));
    await grab('roomsThumbs', bot.http.get(`${emu.origin}/rooms/thumbs/1`));
    const { http } = newHttp();
    const lf = loginFkey((await http.get(`${emu.loginOrigin}/users/login`)).body)!;
    await grab('login302', http.post(`${emu.loginOrigin}/users/login`, { form: { fkey: lf, email: 'bob@example.com', password: 'bobpass' } }));
    const seAcc = newHttp();
    const sf = loginFkey((await seAcc.http.get(`${se.loginOrigin}/users/login`)).body)!;
    await seAcc.http.post(`${se.loginOrigin}/users/login`, { form: { fkey: sf, email: 'bob@example.com', password: 'bobpass' } });
    await grab('chatCookie', seAcc.http.get(`${se.origin}/`));

    p.pages.login = (await newHttp().http.get(`${emu.loginOrigin}/users/login`)).body;
    p.pages.favorite = (await bot.http.get(`${emu.origin}/chats/join/favorite`)).body;
    p.pages.room = (await bot.http.get(`${emu.origin}/rooms/1`)).body;
    p.pages.roomsInfo = (await bot.http.get(`${emu.origin}/rooms/info/1`)).body;
    p.pages.transcript = (await bot.http.get(`${emu.origin}/transcript/message/${reply.id}`)).body;
    const h = w.post(2, 1, 'hello world');
    w.edit(2, h.id, 'hello **world**');
    p.pages.history = (await bot.http.get(`${emu.origin}/messages/${h.id}/history`)).body;
  });
  afterAll(async () => {
    await emu?.stop();
    await se?.stop();
  });

  for (const fx of [OWN, SHARED]) {
    const present = existsSync(fx.dir);
    if (!present) {
      console.warn(`SE chat conformance: ${fx.name} fixtures not found at ${fx.dir}; skipped`);
      it.skip(`${fx.name} fixtures absent (${fx.dir}) — skipped`, () => {});
      continue;
    }
    const read = (f: string): string => readFileSync(path.join(fx.dir, f), 'utf8');
    const readJson = <T = Json>(f: string): T => JSON.parse(read(f)) as T;

    describe(`against the ${fx.name} fixtures`, () => {
      it.each(Object.entries(fx.events))('event type %s has the fixture’s fields and field types', (type, file) => {
        const want = readJson(file);
        const got = p.events[Number(type)];
        expect(got).toBeDefined();
        expect(shape(got!)).toEqual(shape(want));
      });

      it('socket frames follow the frame grammar; a reply is 18+1 in its room and 18 alone in the other', () => {
        for (const f of fx.frames.message) {
          const types = Object.values(frameShape(readJson<Frame>(f)));
          expect(types).toHaveLength(1);
        }
        expect(Object.values(frameShape(p.messageFrame))).toEqual([[1]]);
        expect(frameShape(readJson<Frame>(fx.frames.idle))).toEqual(expect.objectContaining({}));
        expect(Object.values(frameShape(readJson<Frame>(fx.frames.idle)))).toEqual(['empty']);
        expect(Object.values(frameShape(p.idleFrame))).toContain('empty');
        expect(Object.values(frameShape(readJson<Frame>(fx.frames.cursorOnly)))).toEqual(['cursor']);
        for (const v of Object.values(frameShape(p.firstFrame))) expect(['cursor', 'empty']).toContain(Array.isArray(v) ? 'events' : v);
        const want = Object.values(frameShape(readJson<Frame>(fx.frames.replyTwoRooms)));
        const got = Object.values(frameShape(p.replyFrame));
        expect(got).toEqual(want);
        expect(new Set(Object.values(p.replyFrame).map((v) => v.t)).size).toBe(1);
        expect(want).toEqual([[18, 1], [18]]);
      });

      it('ws-auth, send, action replies, throttle: same body kinds', () => {
        const wsWant = readJson<{ url: string }>(fx.http.wsAuth);
        const wsGot = JSON.parse(p.http.wsAuth!.body) as { url: string };
        expect(keys(wsGot)).toEqual(keys(wsWant));
        for (const u of [wsWant.url, wsGot.url]) expect(new URL(u).pathname).toMatch(/^\/events\/\d+\/[0-9a-f]{32}$/);
        expect(shape(JSON.parse(p.http.sendOk!.body) as Json)).toEqual(shape(readJson(fx.http.sendOk)));
        expect(p.http.actionOk!.body).toBe(read(fx.http.actionOk).trim());
        expect(p.http.deleteTooLate!.body).toBe(read(fx.http.deleteTooLate).trim());
        const re = /^You can perform this action again in (\d+) seconds?\.$/;
        expect(read(fx.http.throttled).trim()).toMatch(re);
        expect(p.http.throttled!.status).toBe(409);
        expect(p.http.throttled!.contentType).toMatch(/^text\/plain/);
        expect(p.http.throttled!.body).toMatch(re);
      });

      it('/chats/{room}/events, /events, /user/info, /rooms/pingable, /rooms/thumbs: same fields', () => {
        const ceWant = readJson<{ events: Json[] }>(fx.http.chatsEvents);
        const ceGot = JSON.parse(p.http.chatsEvents!.body) as { events: Json[] };
        expect(shape(ceGot as unknown as Json)).toEqual(shape(ceWant as unknown as Json));
        const plainEvent = ceGot.events.find((e) => !('message_stars' in e) && !('parent_id' in e) && !('message_edits' in e));
        expect(shape(plainEvent!)).toEqual(shape(ceWant.events[0]!));
        const pollWant = readJson<Record<string, Json>>(fx.http.eventsPoll);
        for (const v of Object.values(pollWant)) expect(keys(v)).toEqual(['d', 'e', 't']);
        const uiWant = readJson<{ users: Json[] }>(fx.http.userInfo);
        const uiGot = JSON.parse(p.http.userInfo!.body) as { users: Json[] };
        expect(keys(uiGot.users[0]!)).toEqual(keys(uiWant.users[0]!));
        for (const u of [...uiWant.users, ...uiGot.users]) expect([true, null]).toContain(u.is_owner);
        const rowTypes = (rows: unknown[][]) => [...new Set(rows.map((r) => r.map((x) => typeof x).join(',')))];
        expect(rowTypes(JSON.parse(p.http.pingable!.body) as unknown[][])).toEqual(rowTypes(readJson<unknown[][]>(fx.http.pingable)));
        expect(shape(JSON.parse(p.http.roomsThumbs!.body) as Json)).toEqual(shape(readJson(fx.http.roomsThumbs)));
      });

      it('/message/{id}: plain=true is the source with the :parent prefix, plain=false the rendered reply', async () => {
        const wantHtml = read(fx.http.plainFalse).trim();
        const wantPlain = read(fx.http.plainTrue).trim();
        const parentName = /^@(\S+)/.exec(wantHtml)![1]!;
        const author = emu.world.addUser({ name: parentName });
        const parent = emu.world.post(author.id, 1, 'parent message');
        const typed = wantPlain.replace(/^:\d+/, `:${parent.id}`);
        const reply = emu.world.post(2, 1, typed);
        expect((await bot.http.get(`${emu.origin}/message/${reply.id}?plain=true`)).body).toBe(typed);
        expect((await bot.http.get(`${emu.origin}/message/${reply.id}?plain=false`)).body).toBe(wantHtml);
      });

      it('login POST: 302 Location / with prov and acct; the chat root issues the server’s chat cookie', () => {
        const want = rawHttp(read(fx.http.login302));
        expect(p.http.login302!.status).toBe(want.status);
        const wantCookies = want.headers.filter(([k]) => k === 'set-cookie').map(([, v]) => v);
        expect(cookieNames(p.http.login302!.setCookie)).toEqual(cookieNames(wantCookies));
        expect(want.headers.find(([k]) => k === 'location')?.[1]).toBe('/');
        const chat = rawHttp(read(fx.http.chatCookie));
        const chatCookies = chat.headers.filter(([k]) => k === 'set-cookie').map(([, v]) => v);
        expect(cookieNames(p.http.chatCookie!.setCookie)).toEqual(cookieNames(chatCookies));
      });

      it('login pages: form#login-form with a hidden fkey (as scraped by clients)', () => {
        for (const f of [...fx.html.login.map(read), p.pages.login!]) {
          const fkey = loginFkey(f);
          expect(fkey).toBeTruthy();
          expect(parse(f).querySelector('form#login-form')?.getAttribute('action')).toMatch(/\/users\/login/);
        }
      });

      it('chat pages: the topbar account link and #fkey', () => {
        for (const f of [...fx.html.favorite.map(read), p.pages.favorite!]) {
          expect(topbar(f).href).toMatch(/^\/users\/\d+\/[^/]+$/);
          expect(topbar(f).name).not.toBe('');
          expect(parse(f).querySelector('#fkey')?.getAttribute('value')).toMatch(/^[0-9a-f]{32}$/);
        }
      });

      it('room page: textarea#input, StartChat(…, userId, {id: room}), #fkey', () => {
        for (const f of [read(fx.html.room), p.pages.room!]) {
          expect(parse(f).querySelector('textarea#input')).not.toBeNull();
          expect(startChat(f)).toEqual({ userId: expect.any(Number), roomId: expect.any(Number) });
          expect(parse(f).querySelector('input#fkey')).not.toBeNull();
        }
        expect(startChat(p.pages.room!)).toEqual({ userId: 100, roomId: 1 });
      });

      it('room info page: name, description, owner cards with user links, user cards', () => {
        for (const f of [read(fx.html.roomsInfo), p.pages.roomsInfo!]) {
          const info = roomsInfo(f);
          expect(info.name).not.toBe('');
          expect(info.hasDescription).toBe(true);
          expect(info.counts).toBe(true);
          expect(info.owners.length).toBeGreaterThan(0);
          for (const o of info.owners) {
            expect(o.idAttr).toBe(true);
            expect(o.href).toMatch(/^\/users\/\d+/);
          }
          expect(info.userHeaders.length).toBeGreaterThan(0);
        }
      });

      it('transcript page: monologues with user classes, usernames, messages with content', () => {
        for (const f of [read(fx.html.transcript), p.pages.transcript!]) {
          const t = transcript(f);
          expect(t.length).toBeGreaterThan(0);
          for (const m of t) {
            expect(m.userClass).toBe(true);
            expect(m.username).not.toBe('');
            expect(m.messages.length).toBeGreaterThan(0);
            for (const x of m.messages) expect(x).toEqual({ id: true, hasContent: true });
          }
          expect(parse(f).querySelector('.message.highlight')).not.toBeNull();
          expect(parse(f).querySelector('.reply-info')).not.toBeNull();
        }
      });

      it('history page: current rendering first, then revisions newest first with edited:/said: and the source', () => {
        for (const f of [read(fx.html.history), p.pages.history!]) {
          const h = history(f);
          expect(h.currentLink).toBe(true);
          expect(h.revisions.map((r) => r.label)).toEqual(['edited:', 'said:']);
          for (const r of h.revisions) expect(r.source).not.toBeNull();
        }
      });
    });
  }
});

/**
 * Every page a known client reads, read as that client reads it (client-readers.ts: the selectors
 * and conversions of ChatExchange, samliew/chatexchange and sochat4j). Where the developers' shared
 * captures have the page, the same reader must give the same kind of result on the capture and on
 * the emulator's page; an emulator page a real client cannot read fails here (e.g. ChatExchange's
 * `int()` of "3 messages" on the room info page).
 */
describe('SE chat conformance: pages as known clients read them', () => {
  const sharedDir = SHARED.dir;
  const shared = (f: string): string | undefined => (existsSync(path.join(sharedDir, f)) ? readFileSync(path.join(sharedDir, f), 'utf8') : undefined);
  const clock = { t: Date.UTC(2026, 0, 1, 12), now: () => clock.t };
  let emu: ChatEmulator;
  let bot: Account;
  const pages: Record<string, string> = {};
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    emu = await ChatEmulator.start({ clock, policies: { throttle: null } });
    const w = emu.world;
    const mod = w.addUser({ name: 'Mia Moderator', moderator: true, reputation: 4321 });
    bot = await login(emu, 'bot@example.com', 'botpass');
    await chatsEvents(bot, 1);
    w.enter(2, 1);
    w.enter(mod.id, 1);
    const first = w.post(2, 1, 'hello world');
    clock.t += 90_000;
    w.edit(2, first.id, 'hello **world**');
    w.star(3, first.id);
    w.star(100, first.id);
    w.pin(1, first.id);
    const reply = w.post(3, 1, `:${first.id} a reply`);
    clock.t += 3 * 3_600_000;
    w.enter(mod.id, 1);
    Object.assign(ids, { first: first.id, reply: reply.id, mod: mod.id });
    const get = async (url: string, acc: Account | null = bot) => (await (acc ? acc.http : newHttp().http).get(url)).body;
    pages.root = await get(`${emu.origin}/`);
    pages.favorite = await get(`${emu.origin}/chats/join/favorite`);
    pages.roomInfo = await get(`${emu.origin}/rooms/info/1`);
    pages.room = await get(`${emu.origin}/rooms/1`);
    pages.roomAnonymous = await get(`${emu.origin}/rooms/1`, null);
    pages.profile = await get(`${emu.origin}/users/2`);
    pages.profileMod = await get(`${emu.origin}/users/${mod.id}`);
    pages.history = await get(`${emu.origin}/messages/${first.id}/history`);
    pages.transcript = await get(`${emu.origin}/transcript/message/${reply.id}`);
    pages.loginLoggedIn = await get(`${emu.loginOrigin}/users/login`);
    pages.loginAnonymous = await get(`${emu.loginOrigin}/users/login`, null);
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('ChatExchange and samliew read the room info page: bare counts, owners, current users (the capture too)', () => {
    const capture = shared('html/rooms-info.samliew.html');
    if (capture) {
      expect(chatExchange.roomInfo(capture)).toMatchObject({ name: 'The Ministry of Silly Hats', messageCount: 123287, userCount: 138, ownerIds: expect.arrayContaining([2302862]) });
      expect(samliew.listUsers(capture).length).toBeGreaterThan(0);
    }
    const info = chatExchange.roomInfo(pages.roomInfo!);
    expect(info).toEqual({
      name: 'Sandbox',
      description: emu.world.room(1)!.description,
      messageCount: emu.world.transcript(1).filter((m) => !m.deleted).length,
      userCount: emu.world.presentUsers(1).length,
      ownerIds: [1],
      tags: [],
    });
    const users = samliew.listUsers(pages.roomInfo!);
    expect(users.map((u) => u.id).sort((a, b) => a - b)).toEqual([...emu.world.presentUsers(1)].sort((a, b) => a - b));
    expect(users.find((u) => u.id === ids.mod)).toEqual({ id: ids.mod, name: 'Mia Moderator', isModerator: true });
    expect(users.find((u) => u.id === 2)).toMatchObject({ name: 'Bob', isModerator: false });
  });

  it('the room info page of an earlier emulator ("N messages" in a link) crashes ChatExchange: the reader catches it', () => {
    const old = pages.roomInfo!.replace(/<div class="clear-both room-message-count-xxl"[^>]*>(\d+)<\/div>/, '<div class="room-message-count-xxl"><a href="/transcript/1">$1</a> messages</div>');
    expect(old).not.toBe(pages.roomInfo);
    expect(() => chatExchange.roomInfo(old)).toThrow(ClientCrash);
  });

  it('ChatExchange, samliew and sochat4j read the chat pages: fkey and the account (the captures too)', () => {
    for (const f of ['html/chats-join-favorite.samliew.html', 'html/chats-join-favorite.chatexchange-2014.html'].map(shared)) {
      if (!f) continue;
      expect(chatExchange.favorite(f)).toMatchObject({ fkey: expect.any(String), userId: expect.any(Number) });
      expect(samliew.user(f).id).toBeGreaterThan(0);
      expect(sochat4j.userId(f)).toBeGreaterThan(0);
    }
    for (const f of [pages.favorite!, pages.root!]) {
      expect(chatExchange.favorite(f)).toEqual({ fkey: bot.fkey, userId: 100, userName: 'TestBot' });
      expect(samliew.cookieLoginOk(f)).toBe(true);
      expect(samliew.user(f)).toEqual({ id: 100, slug: 'testbot' });
      expect(sochat4j.fkey(f)).toBe(bot.fkey);
      expect(sochat4j.userId(f)).toBe(100);
    }
    expect(samliew.cookieLoginOk(pages.roomAnonymous!)).toBe(false);
  });

  it('sochat4j and ChatExchange read the room page: fkey, #input when the account may post, present users', () => {
    const capture = shared('html/rooms-1.room-page.sochat4j.html');
    if (capture) expect(sochat4j.room(capture)).toEqual({ fkey: '${fkey}', canPost: true, private: false });
    expect(sochat4j.room(pages.room!)).toEqual({ fkey: bot.fkey, canPost: true, private: false });
    expect(sochat4j.room(pages.roomAnonymous!).canPost).toBe(false);
    const present = chatExchange.currentUsers(pages.room!);
    expect(present.map((u) => u.id).sort((a, b) => a - b)).toEqual([...emu.world.presentUsers(1)].sort((a, b) => a - b));
    expect(present.find((u) => u.id === 2)?.name).toBe('Bob');
  });

  it('ChatExchange and samliew read the profile page: counts, reputation, last message/seen in "<n><unit> ago"', () => {
    for (const reader of [chatExchange.profile, samliew.profile]) {
      const bob = reader(pages.profile!);
      expect(bob).toMatchObject({ name: 'Bob', isModerator: false, roomCount: 1, messageCount: 1, lastMessage: 3 * 3600, lastSeen: expect.any(Number) });
      expect(bob.lastSeen).toBeGreaterThanOrEqual(0);
      const mia = reader(pages.profileMod!);
      expect(mia).toMatchObject({ name: 'Mia Moderator', isModerator: true, reputation: 4321, messageCount: 0, lastMessage: -1, lastSeen: 0 });
    }
    expect(chatExchange.profile(pages.profile!).statsCells).toBeGreaterThanOrEqual(4);
  });

  it('ChatExchange reads the history page: source, owner, edits, stars, pins (the capture too)', () => {
    const capture = shared('html/messages-history.edited-once.written.html');
    if (capture) {
      const id = Number(/<a name="(\d+)"/.exec(capture)![1]);
      expect(chatExchange.history(capture, id)).toMatchObject({ edits: 1, source: expect.any(String) });
    }
    expect(chatExchange.history(pages.history!, ids.first!)).toEqual({ roomId: 1, source: 'hello **world**', ownerId: 2, edits: 1, stars: 2, pinned: true, pinners: [1] });
  });

  it('ChatExchange and samliew read the transcript page (the capture too)', () => {
    const capture = shared('html/transcript-message.samliew.html');
    if (capture) {
      expect(chatExchange.transcript(capture).messages.length).toBeGreaterThan(0);
      expect(samliew.transcript(capture)).toMatchObject({ userId: expect.any(Number), roomId: expect.any(Number), content: expect.any(String) });
    }
    const ce = chatExchange.transcript(pages.transcript!);
    expect(ce).toMatchObject({ roomId: 1, roomName: 'Sandbox' });
    expect(ce.messages.find((m) => m.id === ids.first)).toEqual({ id: ids.first, userId: 2, edited: true, parentId: undefined, stars: 2, pinned: true });
    expect(ce.messages.find((m) => m.id === ids.reply)).toMatchObject({ userId: 3, parentId: ids.first, stars: 0 });
    expect(samliew.transcript(pages.transcript!)).toEqual({ userId: 3, userName: 'Carol', roomId: 1, roomName: 'Sandbox', content: '@Bob a reply', edited: false, parentId: ids.first });
  });

  it('ChatExchange verifies a cookie login on the Q&A site by its .my-profile link', () => {
    expect(chatExchange.loggedInOnLoginSite(pages.loginLoggedIn!)).toBe(true);
    expect(chatExchange.loggedInOnLoginSite(pages.loginAnonymous!)).toBe(false);
    for (const f of [pages.loginLoggedIn!, pages.loginAnonymous!]) expect(sochat4j.fkey(f)).toMatch(/^[0-9a-f]{32,}$/);
  });
});
