import { describe, it, expect } from '@jest/globals';
import { CookieJar } from 'tough-cookie';
import { CookieHeaderCache } from '../src/cookie-header-cache.js';

describe('CookieHeaderCache', () => {
  it('remembers the header per URL path for the TTL, ignores the query, and forgets on Set-Cookie', async () => {
    let now = 1_000_000;
    const jar = new CookieJar();
    await jar.setCookie('a=1; Path=/', 'https://chat.example.com/');
    let lookups = 0;
    const real = jar.getCookieString.bind(jar);
    jar.getCookieString = (async (url: string) => {
      lookups++;
      return real(url);
    }) as typeof jar.getCookieString;
    const c = new CookieHeaderCache(jar, 1000, () => now);
    expect(await c.getCookieString('https://chat.example.com/chats/1/messages/new')).toBe('a=1');
    expect(await c.getCookieString('https://chat.example.com/chats/1/messages/new?x=1')).toBe('a=1');
    expect(lookups).toBe(1);
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
});
