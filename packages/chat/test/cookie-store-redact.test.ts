import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { CookieJar } from 'tough-cookie';
import { loadCookieJar, saveCookieJar } from '../src/cookie-store.js';
import { chatLogger, redactText } from '../src/redact.js';

describe('cookie jar persistence', () => {
  it('round-trips a jar through a 0600 file, atomically', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-chat-'));
    const file = path.join(dir, 'sub', 'cookies.json');
    const jar = new CookieJar();
    await jar.setCookie('acct=t=abc&s=def; Path=/; HttpOnly', 'http://127.0.0.1:1234/');
    await saveCookieJar(jar, file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['cookies.json']);
    const back = await loadCookieJar(file);
    expect(await back.getCookieString('http://127.0.0.1:9999/')).toBe('acct=t=abc&s=def');
    fs.chmodSync(file, 0o644);
    await saveCookieJar(back, file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it('gives an empty jar for a missing or corrupt file and reports the corruption', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-chat-'));
    const problems: string[] = [];
    expect(await (await loadCookieJar(path.join(dir, 'none.json'), (p) => problems.push(p))).getCookies('http://x/')).toEqual([]);
    expect(problems).toEqual([]);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{nope');
    expect(await (await loadCookieJar(path.join(dir, 'bad.json'), (p) => problems.push(p))).getCookies('http://x/')).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(await (await loadCookieJar(undefined)).getCookies('http://x/')).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('redaction', () => {
  it('scrubs fkeys, passwords, session cookies, socket tokens and given secrets from text', () => {
    const s = redactText(
      'POST fkey=0123456789abcdef0123456789abcdef&password=hunter2 Cookie: acct=t=xyz; chatusr=t=abc ws://h/events/1/37516a6eb3464228bf48a33088b3c247 "fkey":"abcdef0123456789" my-secret-value',
      ['my-secret-value'],
    );
    for (const leak of ['0123456789abcdef0123456789abcdef', 'hunter2', 't=xyz', 't=abc', '37516a6eb3464228bf48a33088b3c247', 'abcdef0123456789', 'my-secret-value']) expect(s).not.toContain(leak);
  });
  it('the chat logger redacts secret fields of the injected pino logger', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    const log = chatLogger(pino({ level: 'debug' }, sink));
    log.info({ fkey: 'deadbeefdeadbeef', password: 'pw123456', form: { password: 'pw123456', fkey: 'x' }, room: 1 }, 'hello');
    const out = lines.join('');
    expect(out).toContain('hello');
    expect(out).toContain('"room":1');
    expect(out).not.toContain('deadbeefdeadbeef');
    expect(out).not.toContain('pw123456');
  });
});
