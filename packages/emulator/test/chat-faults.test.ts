import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import WebSocket from 'ws';
import { ChatEmulator, CLOUDFLARE_REASON, WS_ROUTE } from '@botpy/emulator';
import { events, FrameSocket, login, openSocket, scrapeChatPage, type Account } from './chat-kit.js';

const SEND = 'POST /chats/:room/messages/new';

describe('chat emulator: fault injection', () => {
  let emu: ChatEmulator;
  let bot: Account;
  const open: FrameSocket[] = [];
  beforeAll(async () => {
    emu = await ChatEmulator.start({ policies: { throttle: null, duplicateRefusal: false } });
    bot = await login(emu, 'bot@example.com', 'botpass');
  });
  afterEach(() => {
    emu.faults.reset();
    emu.policies.idleFrameSeconds = 0;
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => {
    await emu.stop();
  });
  const sock = async (acc = bot, l?: number) => {
    const s = await openSocket(emu, acc, 1, l);
    open.push(s.sock);
    return s;
  };

  it('dropSockets closes every socket with the CloudFlare reason and returns the count', async () => {
    const a = await sock();
    const b = await sock();
    expect(emu.socketCount).toBe(2);
    expect(emu.faults.dropSockets()).toBe(2);
    const ca = await a.sock.whenClosed();
    expect(ca.reason).toBe(CLOUDFLARE_REASON);
    expect(ca.code).toBe(1001);
    expect((await b.sock.whenClosed()).reason).toBe(CLOUDFLARE_REASON);
    expect(emu.socketCount).toBe(0);
  });

  it('dropSockets({closeFrame:false}) cuts the connection without a close frame (1006)', async () => {
    const a = await sock();
    expect(emu.faults.dropSockets({ closeFrame: false })).toBe(1);
    expect((await a.sock.whenClosed()).code).toBe(1006);
  });

  it('dropSocketsEvery drops sockets periodically until null', async () => {
    emu.faults.dropSocketsEvery(0.15);
    const a = await sock();
    await a.sock.whenClosed(2000);
    const b = await sock();
    await b.sock.whenClosed(2000);
    emu.faults.dropSocketsEvery(null);
    const c = await sock();
    await new Promise((r) => setTimeout(r, 400));
    expect(c.sock.closed).toBeNull();
    expect(() => emu.faults.dropSocketsEvery(0)).toThrow(RangeError);
  });

  it('silence keeps sockets open but sends nothing, including first frames; off again resumes', async () => {
    const a = await sock();
    emu.faults.silence(true);
    const quiet = emu.world.post(2, 1, 'unheard');
    const auth = await bot.post('/ws-auth', { roomid: 1 });
    const fresh = new FrameSocket(new WebSocket((JSON.parse(auth.body) as { url: string }).url, { headers: { Origin: emu.origin } }));
    open.push(fresh);
    await new Promise((r) => setTimeout(r, 300));
    expect(a.sock.frames.some((f) => events(f).some((e) => e.message_id === quiet.id))).toBe(false);
    expect(fresh.frames).toHaveLength(0);
    expect(a.sock.closed).toBeNull();
    expect(fresh.ws.readyState).toBe(WebSocket.OPEN);
    emu.faults.silence(false);
    const loud = emu.world.post(2, 1, 'heard');
    await a.sock.next((f) => events(f).some((e) => e.message_id === loud.id));
  });

  it('failNext answers the next N requests of a route with the status and body; byRoute counts them', async () => {
    const before = emu.stats.byRoute[SEND] ?? 0;
    emu.faults.failNext(SEND, 2, 503, 'try later');
    const r1 = await bot.post('/chats/1/messages/new', { text: 'f1' });
    const r2 = await bot.post('/chats/1/messages/new', { text: 'f2' });
    const r3 = await bot.post('/chats/1/messages/new', { text: 'f3' });
    expect([r1.statusCode, r2.statusCode, r3.statusCode]).toEqual([503, 503, 200]);
    expect(r1.body).toBe('try later');
    expect(emu.stats.byRoute[SEND]).toBe(before + 3);
    expect(emu.world.transcript(1).map((m) => m.text)).not.toContain('f1');
  });

  it('failNext works on the socket upgrade route too', async () => {
    emu.faults.failNext(WS_ROUTE, 1, 502);
    const auth = await bot.post('/ws-auth', { roomid: 1 });
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket((JSON.parse(auth.body) as { url: string }).url, { headers: { Origin: emu.origin } });
      ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(status).toBe(502);
    await sock();
  });

  it('delayNext holds the next N requests of a route', async () => {
    emu.faults.delayNext('POST /ws-auth', 1, 300);
    const t0 = Date.now();
    expect((await bot.post('/ws-auth', { roomid: 1 })).statusCode).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    const t1 = Date.now();
    await bot.post('/ws-auth', { roomid: 1 });
    expect(Date.now() - t1).toBeLessThan(280);
  });

  it('expireSessions logs the account out: POSTs refused, pages logged out, a new login works', async () => {
    const bob = await login(emu, 'bob@example.com', 'bobpass');
    const acc = await login(emu, 'bot@example.com', 'botpass');
    emu.faults.expireSessions(100);
    expect((await acc.post('/chats/1/messages/new', { text: 'expired' })).statusCode).toBe(403);
    const page = scrapeChatPage((await acc.http.get(`${emu.origin}/chats/join/favorite`)).body);
    expect(page.userId).toBeNull();
    expect(page.fkey).toBe('');
    expect((await bob.post('/chats/1/messages/new', { text: 'bob unaffected' })).statusCode).toBe(200);
    bot = await login(emu, 'bot@example.com', 'botpass');
    expect((await bot.post('/chats/1/messages/new', { text: 'back' })).statusCode).toBe(200);
    emu.faults.expireSessions();
    expect((await bob.post('/chats/1/messages/new', { text: 'bob too' })).statusCode).toBe(403);
    bot = await login(emu, 'bot@example.com', 'botpass');
  });

  it('revokeFkey: the old fkey is refused, the page shows a new one that works', async () => {
    const old = bot.fkey;
    emu.faults.revokeFkey(100);
    expect((await bot.post('/chats/1/messages/new', { text: 'stale' })).statusCode).toBe(403);
    const fresh = scrapeChatPage((await bot.http.get(`${emu.origin}/chats/join/favorite`)).body);
    expect(fresh.fkey).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.fkey).not.toBe(old);
    expect(fresh.userId).toBe(100);
    bot.fkey = fresh.fkey!;
    expect((await bot.post('/chats/1/messages/new', { text: 'fresh' })).statusCode).toBe(200);
  });

  it('idle frames {"r1":{}} arrive when policies.idleFrameSeconds is set', async () => {
    emu.policies.idleFrameSeconds = 0.2;
    const a = await sock();
    const f = await a.sock.next((x) => JSON.stringify(x) === '{"r1":{}}', 2000);
    expect(f).toEqual({ r1: {} });
  });

  it('reset clears pending faults', async () => {
    emu.faults.failNext(SEND, 5, 500);
    emu.faults.delayNext(SEND, 5, 5000);
    emu.faults.silence(true);
    emu.faults.reset();
    expect((await bot.post('/chats/1/messages/new', { text: 'after reset' })).statusCode).toBe(200);
    expect(emu.faults.silenced).toBe(false);
  });
});
