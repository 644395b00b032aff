import type { CookieJar } from 'tough-cookie';

/** Default lifetime of a remembered header (its cookies' own expiry cuts it shorter). */
export const COOKIE_HEADER_TTL_MS = 10 * 60_000;

/**
 * A cookie jar (for the form poster) that remembers the `Cookie` header it computed for a
 * URL (origin + path; the query does not select cookies). tough-cookie's lookup (domain/path
 * matching, expiry, sorting) costs about 0.1 ms per request when hot and 0.25–0.4 ms when the bot
 * has been idle for a second (measured, docs/design/latency.md): on a mostly idle bot that is a
 * tenth of the time between a question and its answer. Any `Set-Cookie` answer clears the cache; an
 * entry lives until the first of its cookies expires, and at most `ttlMs`, so a cookie changed
 * behind the cache's back (directly in the jar) is sent at most that much longer.
 */
export class CookieHeaderCache {
  private readonly cache = new Map<string, { header: string; until: number }>();

  constructor(
    readonly jar: CookieJar,
    private readonly ttlMs = COOKIE_HEADER_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The remembered header, synchronously, or undefined when it must be looked up: a write then goes
   * out in the same turn of the event loop (an `await` would let every other pending continuation
   * run first).
   */
  cached(url: string): string | undefined {
    const hit = this.cache.get(cacheKey(url));
    return hit && hit.until > this.now() ? hit.header : undefined;
  }

  async getCookieString(url: string): Promise<string> {
    const key = cacheKey(url);
    const t = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > t) return hit.header;
    const cookies = await this.jar.getCookies(url, { sort: true });
    const header = cookies.map((c) => c.cookieString()).join('; ');
    let until = t + this.ttlMs;
    for (const c of cookies) {
      // read after the lookup: tough-cookie counts a Max-Age from the cookie's last access
      const expires = c.expiryTime();
      if (expires !== undefined && expires < until) until = expires;
    }
    this.cache.set(key, { header, until });
    return header;
  }

  async setCookie(rawCookie: string, url: string): Promise<unknown> {
    this.cache.clear();
    try {
      return await this.jar.setCookie(rawCookie, url);
    } finally {
      this.cache.clear();
    }
  }

  /** Forget every remembered header (call after changing the jar directly). */
  clear(): void {
    this.cache.clear();
  }
}

function cacheKey(url: string): string {
  const q = url.indexOf('?');
  const h = url.indexOf('#');
  const end = Math.min(q === -1 ? url.length : q, h === -1 ? url.length : h);
  return url.slice(0, end);
}
