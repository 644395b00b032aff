import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'node-html-parser';
import { ChatEmulator } from '@botpy/emulator';
import { login, loginFkey, newHttp, scrapeChatPage } from './chat-kit.js';

describe('chat emulator: login and sessions (spec §2)', () => {
  let emu: ChatEmulator;
  beforeAll(async () => {
    emu = await ChatEmulator.start({ port: 0 });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('serves a login page with form#login-form fkey and the same fkey in StackExchange.init', async () => {
    const { http } = newHttp();
    const before = emu.stats.loginPageGets;
    const res = await http.get(`${emu.loginOrigin}/users/login`);
    expect(res.statusCode).toBe(200);
    const fkey = loginFkey(res.body)!;
    expect(fkey).toMatch(/^[0-9a-f]{64}$/);
    expect(parse(res.body).querySelector('form#login-form')?.getAttribute('action')).toBe('/users/login');
    const init = /StackExchange\.init\((\{.*\})\);/.exec(res.body);
    expect((JSON.parse(init![1]!) as { user: { fkey: string } }).user.fkey).toBe(fkey);
    expect(emu.stats.loginPageGets).toBe(before + 1);
  });

  it('logs in with 302 Location / plus acct and prov; the chat server then issues chatusr and shows the account', async () => {
    const { http, jar } = newHttp();
    const fkey = loginFkey((await http.get(`${emu.loginOrigin}/users/login`)).body)!;
    const before = emu.stats.passwordLogins;
    const res = await http.post(`${emu.loginOrigin}/users/login`, { form: { fkey, ssrc: 'login', email: 'bot@example.com', password: 'botpass', oauth_version: '', oauth_server: '' } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/');
    const names = (await jar.getCookies(emu.origin)).map((c) => c.key).sort();
    expect(names).toEqual(['acct', 'prov']);
    expect(emu.stats.passwordLogins).toBe(before + 1);

    const home = await http.get(`${emu.origin}/`);
    expect(home.statusCode).toBe(200);
    expect(String(home.headers['set-cookie'])).toMatch(/^chatusr=/);
    const s = scrapeChatPage(home.body);
    expect(s).toMatchObject({ userId: 100, userName: 'TestBot', href: '/users/100/testbot' });
    expect(s.fkey).toMatch(/^[0-9a-f]{32}$/);
    // the cookie is issued once: later pages reuse it and show the same fkey
    const fav = await http.get(`${emu.origin}/chats/join/favorite`);
    expect(fav.headers['set-cookie']).toBeUndefined();
    expect(scrapeChatPage(fav.body).fkey).toBe(s.fkey);
    for (const path of ['/rooms/1', '/rooms/info/1', '/users/1', '/transcript/1']) {
      expect(scrapeChatPage((await http.get(`${emu.origin}${path}`)).body).fkey).toBe(s.fkey);
    }
  });

  it('answers a wrong password with the login page again (200, no acct) and counts it', async () => {
    const { http, jar } = newHttp();
    const fkey = loginFkey((await http.get(`${emu.loginOrigin}/users/login`)).body)!;
    const before = emu.stats.passwordLogins;
    const res = await http.post(`${emu.loginOrigin}/users/login`, { form: { fkey, email: 'bot@example.com', password: 'nope' } });
    expect(res.statusCode).toBe(200);
    expect(loginFkey(res.body)).toMatch(/^[0-9a-f]{64}$/);
    expect((await jar.getCookies(emu.origin)).map((c) => c.key)).not.toContain('acct');
    expect(emu.stats.passwordLogins).toBe(before + 1);
    expect(res.body).not.toContain('nope');
  });

  it('captcha mode: 302 somewhere other than / without acct', async () => {
    emu.policies.captcha = true;
    try {
      const { http, jar } = newHttp();
      const fkey = loginFkey((await http.get(`${emu.loginOrigin}/users/login`)).body)!;
      const res = await http.post(`${emu.loginOrigin}/users/login`, { form: { fkey, email: 'bot@example.com', password: 'botpass' } });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).not.toBe('/');
      expect((await jar.getCookies(emu.origin)).map((c) => c.key)).not.toContain('acct');
    } finally {
      emu.policies.captcha = false;
    }
  });

  it('read-only mode: the login page has no fkey anywhere', async () => {
    emu.policies.readOnly = true;
    try {
      const { http } = newHttp();
      const res = await http.get(`${emu.loginOrigin}/users/login`);
      expect(res.statusCode).toBe(200);
      expect(loginFkey(res.body)).toBeUndefined();
      expect(res.body).not.toContain('fkey');
    } finally {
      emu.policies.readOnly = false;
    }
  });

  it('a logged-out chat page has an empty fkey and a topbar link to the login site', async () => {
    const { http } = newHttp();
    const res = await http.get(`${emu.origin}/chats/join/favorite`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const s = scrapeChatPage(res.body);
    expect(s.fkey).toBe('');
    expect(s.userId).toBeNull();
    expect(s.href!.startsWith(`${emu.loginOrigin}/users/login`)).toBe(true);
  });

  it('checks the fkey on every POST (policies.fkeyRejectStatus)', async () => {
    const acc = await login(emu, 'bob@example.com', 'bobpass');
    expect(acc.userId).toBe(2);
    const bad = await acc.post('/chats/1/messages/new', { text: 'hi', fkey: '0'.repeat(32) });
    expect(bad.statusCode).toBe(403);
    expect(bad.body).not.toContain(acc.fkey);
    const missing = await acc.http.post(`${emu.origin}/chats/1/messages/new`, { form: { text: 'hi' } });
    expect(missing.statusCode).toBe(403);
    emu.policies.fkeyRejectStatus = 400;
    try {
      expect((await acc.post('/messages/ack', { id: 1, fkey: 'x' })).statusCode).toBe(400);
    } finally {
      emu.policies.fkeyRejectStatus = 403;
    }
    expect((await acc.post('/chats/1/messages/new', { text: 'fkey ok' })).statusCode).toBe(200);
  });

  it('uses sechatusr on chat.stackexchange', async () => {
    const se = await ChatEmulator.start({ server: 'stackexchange' });
    try {
      const acc = await login(se, 'carol@example.com', 'carolpass');
      expect((await acc.jar.getCookies(se.origin)).map((c) => c.key)).toContain('sechatusr');
      expect(acc.userName).toBe('Carol');
    } finally {
      await se.stop();
    }
  });
});
