import http from 'node:http';
import https from 'node:https';
import type { CookieHeaderCache } from './cookie-header-cache.js';

export interface FormPosterOptions {
  /** The session's cookie jar (through its header cache): cookies are read from it and stored back. */
  cookies: CookieHeaderCache;
  /** Keep-alive agents shared with the session's other requests. */
  agents: { http: http.Agent; https: https.Agent };
  userAgent: string;
  /** Whole-request deadline (connect + send + answer), default 30 s. */
  timeoutMs?: number;
  /** Longest answer body read; a bigger answer fails with `ERESPONSETOOLARGE` (default 8 MiB). */
  maxBodyBytes?: number;
}

export interface FormPostResult {
  status: number;
  body: string;
  location?: string;
}

/** A failed form POST: only Node's `code` (`ECONNRESET`, `ETIMEDOUT`, …), never the URL or the body. */
export class FormPostError extends Error {
  constructor(readonly code: string) {
    super(`form POST failed: ${code}`);
    this.name = 'FormPostError';
  }
}

/** Redirects followed by one GET (got's default). */
const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The chat server's HTTP requests (every write, `/events`, `/ws-auth`, the login form, and the
 * pages: the chat root, transcripts, profiles) straight over `node:http(s)` on the session's
 * keep-alive agents, with the session's cookie jar.
 *
 * Why not got: these requests need none of its features (POSTs follow no redirects: their answer
 * is read as it is; GETs follow plain redirects, done here; no retries: the send queue and the
 * callers own them; no decompression: no `Accept-Encoding` is sent). got's per-request machinery
 * was the largest cost of a write (BENCHMARKS.md): ≈ 0.7 ms of CPU per POST and ≈ 30 KB per request
 * that survives young-generation GCs, so every scavenge copied megabytes and paused the bot 4–6 ms;
 * this path costs ≈ 0.25 ms per POST and its garbage dies young. Loading got (and HTTP/2, caching,
 * decompression it pulls in) also added ≈ 6 MB to every idle bot's RSS for the few GETs of a login
 * (docs/design/memory.md).
 */
export class FormPoster {
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(private readonly o: FormPosterOptions) {
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.maxBodyBytes = o.maxBodyBytes ?? 8 * 2 ** 20;
  }

  async post(url: string, form: Record<string, string>, searchParams?: Record<string, string>): Promise<FormPostResult> {
    const target = new URL(url);
    if (searchParams) for (const [k, v] of Object.entries(searchParams)) target.searchParams.set(k, v);
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') throw new FormPostError('EPROTOCOL');
    const href = target.href;
    const body = new URLSearchParams(form).toString();
    const headers: Record<string, string | number> = {
      'user-agent': this.o.userAgent,
      accept: '*/*',
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
    };
    const cookie = this.o.cookies.cached(href) ?? (await this.o.cookies.getCookieString(href));
    if (cookie) headers.cookie = cookie;

    const res = await this.send(secure, target, headers, body);
    await this.store(res.setCookie, href);
    const out: FormPostResult = { status: res.status, body: res.body };
    if (res.location) out.location = res.location;
    return out;
  }

  /**
   * A GET with the jar's cookies, following up to 10 redirects (the cookies of every answer go into
   * the jar). The answer is the last one: its status and body (`location` only when it is itself a
   * redirect that could not be followed).
   */
  async get(url: string, searchParams?: Record<string, string>): Promise<FormPostResult> {
    let target = new URL(url);
    if (searchParams) for (const [k, v] of Object.entries(searchParams)) target.searchParams.set(k, v);
    for (let hop = 0; ; hop++) {
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:') throw new FormPostError('EPROTOCOL');
      const href = target.href;
      const headers: Record<string, string | number> = { 'user-agent': this.o.userAgent, accept: '*/*' };
      const cookie = await this.o.cookies.getCookieString(href);
      if (cookie) headers.cookie = cookie;
      const res = await this.send(secure, target, headers, undefined);
      await this.store(res.setCookie, href);
      if (REDIRECTS.has(res.status) && res.location) {
        if (hop >= MAX_REDIRECTS) throw new FormPostError('ERR_TOO_MANY_REDIRECTS');
        try {
          target = new URL(res.location, target);
          continue;
        } catch {
          // an unusable Location: the answer is returned as it is
        }
      }
      const out: FormPostResult = { status: res.status, body: res.body };
      if (res.location) out.location = res.location;
      return out;
    }
  }

  private async store(setCookie: string[], href: string): Promise<void> {
    for (const raw of setCookie) {
      try {
        await this.o.cookies.setCookie(raw, href);
      } catch {
        // a cookie the jar refuses (wrong domain, malformed) is ignored, as a browser would
      }
    }
  }

  private send(secure: boolean, target: URL, headers: Record<string, string | number>, body: string | undefined): Promise<{ status: number; body: string; location?: string; setCookie: string[] }> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (code: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new FormPostError(code));
      };
      const req = (secure ? https : http).request(target, { method: body === undefined ? 'GET' : 'POST', agent: secure ? this.o.agents.https : this.o.agents.http, headers }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > this.maxBodyBytes) {
            req.destroy();
            fail('ERESPONSETOOLARGE');
            return;
          }
          chunks.push(c);
        });
        res.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ERESPONSE'));
        res.on('close', () => {
          if (!res.complete) fail('ECONNRESET');
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const setCookie = res.headers['set-cookie'] ?? [];
          const location = res.headers.location;
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), setCookie, ...(location ? { location } : {}) });
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        fail('ETIMEDOUT');
      }, this.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'EREQUEST'));
      req.end(body);
    });
  }
}
