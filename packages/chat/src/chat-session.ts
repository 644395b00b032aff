import type { Logger } from 'pino';
import { CookieJar } from './commonjs-packages.js';
import { CookieHeaderCache } from './cookie-header-cache.js';
import { FormPoster } from './form-poster.js';
import { saveCookieJar, type CookieJarOwner } from './cookie-store.js';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { CaptchaError, ChatOutageError, ChatRequestError, LoginError, ReadOnlyError, ResponseTooLargeError, ThrottledError } from './errors.js';
import { LoginLimiter, loginLogFile, type LoginRateLimit } from './login-limiter.js';
import type { ChatOrigins } from './hosts.js';
import { parseChatPage, parseLoginFkey } from './pages.js';
import { networkErrorText } from './network-hint.js';
import { redactText } from './redact.js';
import { classifyWrite } from './write-response.js';

export interface HttpResult {
  status: number;
  body: string;
  location?: string;
}

export interface ChatSessionOptions {
  origins: ChatOrigins;
  email: string;
  password: string;
  jar: CookieJar;
  cookieFile?: string;
  /** Whose session the cookie file holds (recorded in it; see loadCookieJar). */
  jarOwner?: CookieJarOwner;
  logger: Logger;
  userAgent: string;
  timeoutMs?: number;
  /** Certificates (PEM) to trust besides the usual public roots, e.g. a test server's or a TLS-inspecting proxy's. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Back-off after a CAPTCHA answer (default 10 min). */
  captchaBackoffMs?: number;
  /** Back-off after a read-only login page (default 30 s). */
  readOnlyBackoffMs?: number;
  /** Password logins allowed per window, counted across restarts when `cookieFile` is set (default 5 per 30 min). */
  loginRateLimit?: LoginRateLimit;
  /** Longest answer body read (GET and POST); a bigger one fails with ResponseTooLargeError (default 8 MiB). */
  maxResponseBytes?: number;
  now?: () => number;
}

/** Default cap of an answer body: chat pages are tens of KB, transcripts a few hundred. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 2 ** 20;

/**
 * One account's HTTP session on one chat server: cookie reuse, password login, the chat fkey,
 * and POST helpers that refresh the fkey (logging in again when the session expired) and retry once
 * after an unexpected failure (§2.1–§2.2).
 */
export class ChatSession {
  readonly origins: ChatOrigins;
  readonly jar: CookieJar;
  userId = 0;
  userName = '';
  private fkey = '';
  /** Every request (form POSTs and page GETs): see FormPoster for why not got. */
  private readonly poster: FormPoster;
  private readonly cookies: CookieHeaderCache;
  // One keep-alive agent pair per session: every write reuses a warm connection.
  private readonly agents: { http: http.Agent; https: https.Agent };
  /** The trusted CAs when `ca` was given (public roots + the extra ones), for the socket too. */
  readonly tlsCa: (string | Buffer)[] | undefined;
  private readonly log: Logger;
  private refreshing: Promise<void> | null = null;
  private loginBlockedUntil = 0;
  private loginBlockError: Error | null = null;
  private readonly logins: LoginLimiter;
  private readonly maxBytes: number;
  readonly stats = { passwordLogins: 0, cookieLogins: 0, fkeyRefreshes: 0, relogins: 0 };

  constructor(private readonly o: ChatSessionOptions) {
    this.origins = o.origins;
    this.jar = o.jar;
    this.log = o.logger;
    this.cookies = new CookieHeaderCache(o.jar);
    this.tlsCa = o.ca === undefined ? undefined : [...rootCertificates, ...(Array.isArray(o.ca) ? o.ca : [o.ca])];
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, ...(this.tlsCa ? { ca: this.tlsCa } : {}) }) };
    this.maxBytes = o.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.poster = new FormPoster({ cookies: this.cookies, agents: this.agents, userAgent: o.userAgent, timeoutMs: o.timeoutMs ?? 30_000, maxBodyBytes: this.maxBytes });
    this.logins = new LoginLimiter(o.cookieFile ? loginLogFile(o.cookieFile) : undefined, o.loginRateLimit, () => this.now(), (reason) => this.log.warn(reason));
  }

  /** Releases the kept-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** Secrets to scrub from any text that could reach a log or an error. */
  secrets(): string[] {
    return [this.fkey, this.o.password].filter((s) => s.length > 0);
  }

  /** Cookie reuse first (no password POST when the jar still works), else the password flow. */
  async start(): Promise<void> {
    await this.logins.load();
    if (await this.tryCookies()) {
      this.stats.cookieLogins++;
      this.log.info({ userId: this.userId }, 'logged in with the saved cookies');
      return;
    }
    await this.passwordLogin();
  }

  /**
   * GET the chat root and adopt its user + fkey; false only when the server answered 200 with an
   * anonymous page (logged out). Any other status, a timeout or a connection error is an outage
   * (ChatOutageError): the session may be fine, so no password login follows and the cookies stay.
   */
  private async tryCookies(): Promise<boolean> {
    const res = await this.request('GET', this.origins.chat + '/', 'GET /');
    if (res.status !== 200) throw new ChatOutageError('GET /', `HTTP ${res.status}`, res.status);
    const info = parseChatPage(res.body, this.origins.chat);
    if (info.userId === undefined || !info.fkey) return false;
    this.userId = info.userId;
    this.userName = info.userName ?? '';
    this.fkey = info.fkey;
    return true;
  }

  private async passwordLogin(): Promise<void> {
    if (this.now() < this.loginBlockedUntil && this.loginBlockError) throw this.loginBlockError;
    this.logins.check();
    const page = await this.request('GET', this.origins.login + '/users/login', 'GET login page');
    if (page.status !== 200) throw new ChatOutageError('GET login page', `HTTP ${page.status}`, page.status);
    const loginFkey = parseLoginFkey(page.body);
    if (!loginFkey) {
      const err = new ReadOnlyError(this.o.readOnlyBackoffMs ?? 30_000);
      this.block(err, err.retryAfterMs);
      throw err;
    }
    // counted (and saved next to the cookie jar) before the password leaves, whatever the outcome
    await this.logins.take();
    this.stats.passwordLogins++;
    const res = await this.request('POST', this.origins.login + '/users/login', 'POST login', {
      form: { fkey: loginFkey, ssrc: 'login', email: this.o.email, password: this.o.password, oauth_version: '', oauth_server: '' },
    });
    if (res.status === 302 || res.status === 301 || res.status === 303) {
      let path = '';
      try {
        path = new URL(res.location ?? '', this.origins.login).pathname;
      } catch {}
      if (path !== '/') {
        const err = new CaptchaError(this.o.captchaBackoffMs ?? 600_000);
        this.block(err, err.retryAfterMs);
        throw err;
      }
    } else if (res.status === 200) {
      throw new LoginError('the login site refused the email or password');
    } else if (res.status >= 500) {
      throw new ChatOutageError('POST login', `HTTP ${res.status}`, res.status);
    } else {
      throw new LoginError(`the login site answered the login with HTTP ${res.status}`);
    }
    await this.persist();
    if (!(await this.tryCookies())) throw new LoginError('the chat server did not accept the login (no user link on the chat page)');
    this.log.info({ userId: this.userId }, 'logged in with the password');
  }

  private block(err: Error, ms: number): void {
    this.loginBlockError = err;
    this.loginBlockedUntil = this.now() + ms;
  }

  /** Writes the cookie jar (atomic, 0600) when a cookie file is configured. */
  async persist(): Promise<void> {
    if (!this.o.cookieFile) return;
    try {
      await saveCookieJar(this.jar, this.o.cookieFile, this.o.jarOwner);
    } catch (err) {
      this.log.warn({ err: (err as NodeJS.ErrnoException).code ?? 'error' }, 'could not save the cookie file');
    }
  }

  /** Re-read the fkey; log in again when the chat page shows the session is gone. Single flight. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        this.stats.fkeyRefreshes++;
        if (await this.tryCookies()) {
          this.log.debug('fkey refreshed');
          return;
        }
        this.log.warn('the chat session expired: logging in again');
        this.stats.relogins++;
        await this.passwordLogin();
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /**
   * Raw HTTP. Network failures (timeouts, resets, refused connections) become ChatOutageError
   * without a status; an answer over `maxResponseBytes` becomes ResponseTooLargeError, read no
   * further. Never leaks secrets.
   */
  async request(method: 'GET' | 'POST', url: string, route: string, o: { form?: Record<string, string>; searchParams?: Record<string, string> } = {}): Promise<HttpResult> {
    try {
      // POST answers are read as they are; pages may redirect (http→https, trailing slashes)
      if (method === 'POST') return await this.poster.post(url, o.form ?? {}, o.searchParams);
      return await this.poster.get(url, o.searchParams);
    } catch (err) {
      if (err instanceof ResponseTooLargeError) throw err;
      const code = (err as { code?: string }).code ?? 'ERROR';
      if (code === 'ERESPONSETOOLARGE') throw new ResponseTooLargeError(route, this.maxBytes);
      throw new ChatOutageError(route, redactText(networkErrorText(code, url), this.secrets()));
    }
  }

  /** GET on the chat server; 404 → the caller decides. */
  get(path: string, route: string, searchParams?: Record<string, string>): Promise<HttpResult> {
    return this.request('GET', this.origins.chat + path, route, searchParams ? { searchParams } : {});
  }

  /** One POST with the current fkey, no interpretation. */
  postRaw(path: string, form: Record<string, string>, route: string): Promise<HttpResult> {
    return this.request('POST', this.origins.chat + path, route, { form: { ...form, fkey: this.fkey } });
  }

  /**
   * A write POST (§8): 409 → ThrottledError; known refusals → their typed error; 200 → body;
   * anything else → refresh the fkey (re-login if the session expired) and retry once.
   */
  async write(path: string, form: Record<string, string>, route: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.postRaw(path, form, route);
      const outcome = classifyWrite(res.status, res.body);
      switch (outcome.kind) {
        case 'ok':
          return outcome.body;
        case 'throttled':
          throw new ThrottledError(outcome.retryAfterMs);
        case 'refused':
          throw outcome.error;
        case 'unexpected':
          // 5xx: the server is down, not the session: no fkey refresh, no login; the queue backs off
          if (outcome.status >= 500) throw new ChatOutageError(route, `HTTP ${outcome.status}`, outcome.status);
          if (attempt === 0) {
            this.log.warn({ route, status: outcome.status }, 'unexpected answer to a POST: refreshing the fkey and retrying once');
            await this.refresh();
            continue;
          }
          throw new ChatRequestError(route, `unexpected HTTP ${outcome.status}`, outcome.status);
      }
    }
  }

  /** A reading POST (events, ws-auth, user/info): like `write` but without throttle handling. */
  async read(path: string, form: Record<string, string>, route: string): Promise<HttpResult> {
    let res = await this.postRaw(path, form, route);
    // a 5xx is an outage: handed back as it is (the caller backs off), no fkey refresh or login
    if (res.status !== 200 && res.status !== 404 && res.status < 500) {
      this.log.warn({ route, status: res.status }, 'unexpected answer to a POST: refreshing the fkey and retrying once');
      await this.refresh();
      res = await this.postRaw(path, form, route);
    }
    return res;
  }
}
