import type { CookieJar } from 'tough-cookie';

/**
 * A cookie jar (for got and the form poster) that remembers the `Cookie` header it computed for a
 * URL (origin + path; the query does not select cookies) for `ttlMs`. tough-cookie's lookup
 * (domain/path matching, expiry, sorting) costs about 0.1 ms per request, which adds up at hundreds
 * of writes a second. Any `Set-Cookie` answer clears the cache, and an entry lives at most `ttlMs`,
 * so a cookie that expires or is changed behind its back is sent at most that much longer.
 */
export class CookieHeaderCache {
  private readonly cache = new Map<string, { header: string; until: number }>();

  constructor(
    readonly jar: CookieJar,
    private readonly ttlMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  async getCookieString(url: string): Promise<string> {
    const key = cacheKey(url);
    const t = this.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > t) return hit.header;
    const header = await this.jar.getCookieString(url);
    this.cache.set(key, { header, until: t + this.ttlMs });
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
