import { describe, it, expect } from '@jest/globals';
import { CookieJar } from 'tough-cookie';
import { CookieHeaderCache } from '../src/cookie-header-cache.js';

describe('CookieHeaderCache', () => {
  it('remembers the header per URL path for the TTL, ignores the query, and forgets on Set-Cookie', async () => {
    let now = 1_000_000;
    const jar = new CookieJar();
    await jar.setCookie('a=1; Path=/', 'https://chat.example.com/');
    let lookups = 0;
    const real = jar.getCookies.bind(jar);
    jar.getCookies = (async (url: string, o?: Parameters<typeof real>[1]) => {
      lookups++;
      return real(url, o);
    }) as typeof jar.getCookies;
    const c = new CookieHeaderCache(jar, 1000, () => now);
    expect(await c.getCookieString('https://chat.example.com/chats/1/messages/new')).toBe('a=1');
    expect(await c.getCookieString('https://chat.example.com/chats/1/messages/new?x=1')).toBe('a=1');
    expect(lookups).toBe(1);
    // the remembered header is there synchronously; an unknown URL is not
    expect(c.cached('https://chat.example.com/chats/1/messages/new?y=2')).toBe('a=1');
    expect(c.cached('https://chat.example.com/other')).toBeUndefined();
    await c.setCookie('b=2; Path=/', 'https://chat.example.com/');
    expect(await c.getCookieString('https://chat.example.com/chats/1/messages/new')).toBe('a=1; b=2');
    expect(lookups).toBe(2);
    now += 1001;
    await jar.setCookie('a=3; Path=/', 'https://chat.example.com/'); // behind the cache's back
    expect(await c.getCookieString('https://chat.example.com/chats/1/messages/new')).toBe('a=3; b=2');
    expect(lookups).toBe(3);
    // another path is its own entry
    await c.setCookie('p=1; Path=/rooms', 'https://chat.example.com/');
    expect(await c.getCookieString('https://chat.example.com/rooms/info/1')).toContain('p=1');
    expect(await c.getCookieString('https://chat.example.com/chats/1/messages/new')).not.toContain('p=1');
  });

  it('forgets a header when the first of its cookies expires, and lives at most the TTL otherwise', async () => {
    const jar = new CookieJar();
    await jar.setCookie('session=1; Path=/', 'https://chat.example.com/');
    await jar.setCookie('short=2; Path=/; Max-Age=60', 'https://chat.example.com/');
    let lookups = 0;
    const real = jar.getCookies.bind(jar);
    jar.getCookies = (async (url: string, o?: Parameters<typeof real>[1]) => {
      lookups++;
      return real(url, o);
    }) as typeof jar.getCookies;
    let skew = 0;
    const c = new CookieHeaderCache(jar, 10 * 60_000, () => Date.now() + skew);
    const url = 'https://chat.example.com/chats/1/messages/new';
    expect(await c.getCookieString(url)).toBe('session=1; short=2');
    skew = 50_000;
    expect(await c.getCookieString(url)).toBe('session=1; short=2');
    expect(lookups).toBe(1);
    skew = 61_000; // past the Max-Age: asked again (the jar, on the real clock, still has it)
    await c.getCookieString(url);
    expect(lookups).toBe(2);
    // without expiring cookies the TTL bounds the entry
    const plain = new CookieJar();
    await plain.setCookie('session=1; Path=/', 'https://chat.example.com/');
    let n = 0;
    const realPlain = plain.getCookies.bind(plain);
    plain.getCookies = (async (u: string, o?: Parameters<typeof realPlain>[1]) => {
      n++;
      return realPlain(u, o);
    }) as typeof plain.getCookies;
    let now = 1_000_000;
    const p = new CookieHeaderCache(plain, 10 * 60_000, () => now);
    await p.getCookieString(url);
    now += 10 * 60_000 - 1;
    await p.getCookieString(url);
    expect(n).toBe(1);
    now += 2;
    await p.getCookieString(url);
    expect(n).toBe(2);
  });
});
