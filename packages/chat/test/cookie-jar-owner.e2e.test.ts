import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { ChatEmulator } from '@botpy/emulator';
import { LoginError, setAsideFile, type ChatClient } from '../src/index.js';
import { BOT, login, startEmulator, tempDir } from './e2e-helpers.js';

/**
 * Saved cookies belong to one chat server and one account: after running as the bot account,
 * starting with another account's credentials logs in as that account (the old jar set aside with a
 * warning), a wrong password is not masked by the old jar, and a jar of another server is not used.
 */
describe('cookie jars are keyed by chat server and account (e2e)', () => {
  let emu: ChatEmulator;
  const dir = tempDir();
  const clients: ChatClient[] = [];
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
  const warnings = () => lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40).map((l) => l.msg);

  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a jar of another account is set aside with a warning; the configured account logs in', async () => {
    const cookieFile = path.join(dir, 'cookies.json');
    const bot = await login(emu, { cookieFile, logger });
    await bot.close();
    expect(fs.readFileSync(cookieFile, 'utf8')).not.toContain(BOT.email); // the account is recorded as a hash
    const passwordLogins = emu.stats.passwordLogins;

    // a wrong password for another account is refused, not masked by the bot's saved session
    await expect(login(emu, { cookieFile, logger, email: 'alice@example.com', password: 'wrong' })).rejects.toBeInstanceOf(LoginError);
    expect(warnings().at(-1)).toMatch(/saved cookies \(.*cookies\.json\) are of another account, not of the configured account on stackoverflow\.com: set aside as .*cookies\.json\.set-aside; logging in with the configured email and password/);
    expect(fs.existsSync(setAsideFile(cookieFile))).toBe(true);

    const alice = await login(emu, { cookieFile, logger, email: 'alice@example.com', password: 'alicepass' });
    clients.push(alice);
    expect(alice.userId).toBe(1);
    expect(alice.userName).toBe('Alice Owner');
    expect(emu.stats.passwordLogins).toBe(passwordLogins + 2);
    await alice.close();
    // Alice's own jar is reused next time (same server, same account): no warning, no password
    const before = warnings().length;
    const again = await login(emu, { cookieFile, logger, email: 'ALICE@example.com ', password: 'alicepass' });
    clients.push(again);
    expect(again.userId).toBe(1);
    expect(again.stats.cookieLogins).toBe(1);
    expect(warnings()).toHaveLength(before);
  });

  it('a jar of another chat server, or of an older version (no owner recorded), is not used', async () => {
    const cookieFile = path.join(dir, 'other-server.json');
    const onSo = await login(emu, { cookieFile, logger });
    await onSo.close();
    const onSe = await login(emu, { cookieFile, logger, host: 'stackexchange.com' });
    clients.push(onSe);
    expect(onSe.stats.cookieLogins).toBe(0);
    expect(warnings().at(-1)).toMatch(/are of another chat server \(stackoverflow\.com\), not of the configured account on stackexchange\.com/);
    await onSe.close();

    // an old-format file (a bare jar) holds a session of unknown owner
    const legacy = path.join(dir, 'legacy.json');
    const saved = JSON.parse(fs.readFileSync(cookieFile, 'utf8')) as { jar: unknown };
    fs.writeFileSync(legacy, JSON.stringify(saved.jar), { mode: 0o600 });
    const fresh = await login(emu, { cookieFile: legacy, logger, host: 'stackexchange.com' });
    clients.push(fresh);
    expect(fresh.stats.cookieLogins).toBe(0);
    expect(warnings().at(-1)).toMatch(/are of an unknown account \(saved by an older version\)/);
  });
});
