import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { ChatEmulator } from '@botpy/emulator';
import { CaptchaError, LoginError, ReadOnlyError, type ChatClient } from '../src/index.js';
import { BOT, login, startEmulator, tempDir } from './e2e-helpers.js';

describe('login (e2e against the emulator)', () => {
  let emu: ChatEmulator;
  const dir = tempDir();
  const clients: ChatClient[] = [];
  const logLines: string[] = [];
  const logger = pino({ level: 'trace' }, new Writable({ write(c, _e, cb) { logLines.push(String(c)); cb(); } }));

  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the password once, then reuses the saved cookie jar without a password POST', async () => {
    const cookieFile = path.join(dir, 'cookies.json');
    const first = await login(emu, { cookieFile, logger });
    clients.push(first);
    expect(first.userId).toBe(BOT.id);
    expect(first.userName).toBe('TestBot');
    expect(emu.stats.passwordLogins).toBe(1);
    expect(fs.statSync(cookieFile).mode & 0o777).toBe(0o600);
    await first.close();

    const second = await login(emu, { cookieFile, logger });
    clients.push(second);
    expect(second.userId).toBe(BOT.id);
    expect(emu.stats.passwordLogins).toBe(1);
    expect(second.stats.cookieLogins).toBe(1);
    // the saved session works for writing too
    const room = await second.joinRoom(1);
    const id = await room.send('hello from a reused session');
    expect(emu.world.message(id)?.text).toBe('hello from a reused session');
  });

  it('refuses a wrong password with a LoginError', async () => {
    await expect(login(emu, { password: 'wrong-password' })).rejects.toBeInstanceOf(LoginError);
  });

  it('detects a CAPTCHA with a typed error and backs off', async () => {
    emu.policies.captcha = true;
    try {
      const err = await login(emu).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CaptchaError);
      expect((err as CaptchaError).code).toBe('CAPTCHA');
      expect((err as CaptchaError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      emu.policies.captcha = false;
    }
  });

  it('detects read-only mode (no fkey on the login page) with a typed error', async () => {
    emu.policies.readOnly = true;
    try {
      const before = emu.stats.passwordLogins;
      const err = await login(emu).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ReadOnlyError);
      expect((err as ReadOnlyError).code).toBe('READ_ONLY');
      expect(emu.stats.passwordLogins).toBe(before);
    } finally {
      emu.policies.readOnly = false;
    }
  });

  it('logs in again when the session expires mid-run, and the pending send succeeds', async () => {
    const c = await login(emu, { logger });
    clients.push(c);
    const room = await c.joinRoom(1);
    await room.send('before expiry');
    const logins = emu.stats.passwordLogins;
    // the send is in flight (held by the server) when the session expires
    emu.faults.delayNext('POST /chats/:room/messages/new', 1, 150);
    const pending = room.send('after expiry');
    await new Promise((r) => setTimeout(r, 50));
    expect(c.sendQueue.backlog).toBe(1);
    emu.faults.expireSessions(BOT.id);
    const id = await pending;
    expect(emu.world.message(id)?.text).toBe('after expiry');
    expect(emu.stats.passwordLogins).toBe(logins + 1);
    expect(c.stats.relogins).toBe(1);
  });

  it('refreshes a revoked fkey and retries the POST once', async () => {
    const c = await login(emu, { logger });
    clients.push(c);
    const room = await c.joinRoom(1);
    emu.faults.revokeFkey(BOT.id);
    const logins = emu.stats.passwordLogins;
    const before = emu.stats.byRoute['POST /chats/:room/messages/new'] ?? 0;
    const id = await room.send('after fkey revocation');
    expect(emu.world.message(id)?.text).toBe('after fkey revocation');
    expect(emu.stats.byRoute['POST /chats/:room/messages/new']).toBe(before + 2);
    expect(emu.stats.passwordLogins).toBe(logins);
    expect(c.stats.fkeyRefreshes).toBeGreaterThanOrEqual(1);
  });

  it('a CAPTCHA during a re-login fails the send with a typed error and blocks further password logins for a while', async () => {
    const c = await login(emu, { logger });
    clients.push(c);
    const room = await c.joinRoom(1);
    emu.policies.captcha = true;
    try {
      emu.faults.expireSessions(BOT.id);
      const before = emu.stats.passwordLogins;
      await expect(room.send('during captcha')).rejects.toBeInstanceOf(CaptchaError);
      expect(emu.stats.passwordLogins).toBe(before + 1);
      await expect(room.send('still during captcha')).rejects.toBeInstanceOf(CaptchaError);
      expect(emu.stats.passwordLogins).toBe(before + 1);
    } finally {
      emu.policies.captcha = false;
    }
  });

  it('never writes the password, fkeys or cookies into the logs', async () => {
    const all = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    expect(all).not.toContain(BOT.password);
    const jar = fs.readFileSync(path.join(dir, 'cookies.json'), 'utf8');
    for (const m of jar.matchAll(/"value":"([^"]{8,})"/g)) expect(all).not.toContain(m[1]);
  });
});
