/** Test helpers that speak the SE chat protocol with plain got + tough-cookie + ws (no client package). */
import got, { type Got } from 'got';
import { parse } from 'node-html-parser';
import { CookieJar } from 'tough-cookie';
import WebSocket from 'ws';
import type { ChatEmulator } from '@botpy/emulator';

export interface Account {
  http: Got;
  jar: CookieJar;
  fkey: string;
  userId: number;
  userName: string;
  post(path: string, form?: Record<string, string | number>): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
}

export function newHttp(jar = new CookieJar()): { http: Got; jar: CookieJar } {
  const http = got.extend({ cookieJar: jar, followRedirect: false, throwHttpErrors: false, retry: { limit: 0 }, timeout: { request: 5000 } });
  return { http, jar };
}

/** Scrapes the login form's fkey (spec §2.1 step 1). */
export function loginFkey(html: string): string | undefined {
  const root = parse(html);
  return (root.querySelector('form#login-form input[name=fkey]') ?? root.querySelector('input[name=fkey]'))?.getAttribute('value');
}

/** Scrapes `#fkey` and the topbar account link (spec §2.1 steps 4–5). */
export function scrapeChatPage(html: string): { fkey: string | undefined; userId: number | null; userName: string | null; href: string | undefined } {
  const root = parse(html);
  const fkey = root.querySelector('#fkey')?.getAttribute('value');
  const a = root.querySelector('.topbar-menu-links a');
  const href = a?.getAttribute('href');
  const m = href ? /^\/users\/(\d+)\//.exec(href) : null;
  return { fkey, userId: m ? Number(m[1]) : null, userName: m ? a!.text.trim() : null, href };
}

/** Full password login + chat session, as a real client does it. */
export async function login(emu: ChatEmulator, email: string, password: string): Promise<Account> {
  const { http, jar } = newHttp();
  const page = await http.get(`${emu.loginOrigin}/users/login`);
  const lf = loginFkey(page.body);
  if (!lf) throw new Error('no login fkey');
  const res = await http.post(`${emu.loginOrigin}/users/login`, { form: { fkey: lf, ssrc: 'login', email, password, oauth_version: '', oauth_server: '' } });
  if (res.statusCode !== 302 || res.headers.location !== '/') throw new Error(`login failed: ${res.statusCode}`);
  const home = await http.get(`${emu.origin}/chats/join/favorite`);
  const s = scrapeChatPage(home.body);
  if (!s.fkey || s.userId === null) throw new Error('not logged in on chat');
  const acc: Account = {
    http,
    jar,
    fkey: s.fkey,
    userId: s.userId,
    userName: s.userName!,
    post: async (path, form = {}) => {
      const r = await http.post(`${emu.origin}${path}`, { form: { fkey: acc.fkey, ...form } });
      return { statusCode: r.statusCode, body: r.body, headers: r.headers as Record<string, unknown> };
    },
  };
  return acc;
}

export type Frame = Record<string, { e?: Record<string, unknown>[]; t?: number; d?: number }>;

/** A socket that records frames and lets tests wait for one matching a predicate. */
export class FrameSocket {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as Frame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(f)) return true;
        w.resolve(f);
        return false;
      });
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      for (const w of this.closeWaiters) w(this.closed);
    });
    ws.on('error', () => {});
  }

  next(pred: (f: Frame) => boolean = () => true, timeoutMs = 3000, includeSeen = false): Promise<Frame> {
    if (includeSeen) {
      const seen = this.frames.find(pred);
      if (seen) return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no matching frame')), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(t), resolve(f)) });
    });
  }

  whenClosed(timeoutMs = 3000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('socket not closed')), timeoutMs);
      this.closeWaiters.push((c) => (clearTimeout(t), resolve(c)));
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

export function events(f: Frame, room?: number): Record<string, unknown>[] {
  return Object.entries(f)
    .filter(([k]) => room === undefined || k === `r${room}`)
    .flatMap(([, v]) => v.e ?? []);
}

/** `/ws-auth` + connect with `l`; resolves after the first frame. */
export async function openSocket(emu: ChatEmulator, acc: Account, room: number, l?: number, origin = emu.origin): Promise<{ sock: FrameSocket; first: Frame; url: string }> {
  const auth = await acc.post('/ws-auth', { roomid: room });
  if (auth.statusCode !== 200) throw new Error(`ws-auth ${auth.statusCode}`);
  const url = (JSON.parse(auth.body) as { url: string }).url;
  const ws = new WebSocket(l === undefined ? url : `${url}?l=${l}`, { headers: { Origin: origin } });
  const sock = new FrameSocket(ws);
  const first = await sock.next(() => true, 3000, true);
  return { sock, first, url };
}

export async function chatsEvents(acc: Account, room: number, form: Record<string, string | number> = {}): Promise<{ time: number; events: Record<string, unknown>[]; ms: number; sync: number }> {
  const r = await acc.post(`/chats/${room}/events`, { since: 0, mode: 'Messages', msgCount: 100, ...form });
  if (r.statusCode !== 200) throw new Error(`events ${r.statusCode}`);
  return JSON.parse(r.body) as { time: number; events: Record<string, unknown>[]; ms: number; sync: number };
}
