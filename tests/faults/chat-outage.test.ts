/**
 * Issue #12, item 6: a chat outage caused repeated password logins (11 in 20 s of 503s: any non-200
 * page was read as "logged out"). Only an anonymous 200 page means logged out; 5xx, timeouts and
 * connection errors are outages, retried with back-off, the cookies kept; password logins are
 * rate-limited, and the count survives restarts (kept next to the cookie jar).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatEmulator, OutageKind } from '@botpy/emulator';
import { loginLogFile, MessagePostedEvent, type ChatClient, type ChatEvent } from '@botpy/chat';
import { createLogSink } from './log-sink.js';
import { loginClient, sleep, startEmulator, tempDir, until } from './chat-kit.js';

const SOCKET = { backoff: { minMs: 200, maxMs: 2_000 }, pollFallbackMs: 1_000, watchdogMs: 5_000 };

describe('a chat outage is not a logout', () => {
  const sink = createLogSink('chat-outage');
  let emu: ChatEmulator | undefined;
  let client: ChatClient | undefined;
  afterEach(async () => {
    await client?.close();
    await emu?.stop();
    client = emu = undefined;
  });

  const cases: [OutageKind, number][] = [
    ['status', 8_000],
    ['reset', 4_000],
    ['hang', 4_000],
  ];
  it.each(cases)('outage kind %s: no password login, bounded request rate, recovery with the same cookies', async (kind, ms) => {
    emu = await startEmulator();
    client = await loginClient(emu, sink.logger, { socket: SOCKET, timeoutMs: 1_000, queue: { retryBaseMs: 300, maxRetries: 6 } });
    const room = await client.joinRoom(1);
    await until('the socket to open', () => client!.stats.socketState === 'open');
    const logins = emu.stats.passwordLogins;
    const pages = emu.stats.loginPageGets;
    const requests = emu.stats.requests;

    emu.faults.setOutage(true, kind);
    emu.faults.dropSockets({ closeFrame: false });
    const sent = room.send(`sent during a ${kind} outage`); // retried with back-off
    sent.catch(() => {});
    await sleep(ms);
    const rate = (emu.stats.requests - requests) / (ms / 1000);
    emu.faults.setOutage(false);
    console.log(JSON.stringify({ metric: 'outage', kind, seconds: ms / 1000, passwordLogins: emu.stats.passwordLogins - logins, loginPageGets: emu.stats.loginPageGets - pages, requestsPerSecond: rate }));
    expect(emu.stats.passwordLogins - logins).toBe(0);
    expect(emu.stats.loginPageGets - pages).toBe(0);
    expect(rate).toBeLessThanOrEqual(6);

    // back by itself, on the same session: the message goes out, events flow again
    await expect(sent).resolves.toEqual(expect.any(Number));
    await until('the socket to open again', () => client!.stats.socketState === 'open', 15_000);
    const got: ChatEvent[] = [];
    client.on('event', (e) => got.push(e));
    const m = emu.world.post(2, 1, 'after the outage');
    await until('an event after the outage', () => got.some((e) => e instanceof MessagePostedEvent && e.messageId === m.id));
    expect(emu.stats.passwordLogins).toBe(logins);
  }, 40_000);

  it('password logins are rate-limited, also across restarts (times kept next to the cookie jar)', async () => {
    emu = await startEmulator();
    const dir = tempDir();
    const cookieFile = join(dir, 'cookies.json');
    const limit = { max: 2, windowMs: 3_600_000 };
    client = await loginClient(emu, sink.logger, { socket: SOCKET, cookieFile, loginRateLimit: limit, queue: { maxRetries: 0 } });
    const room = await client.joinRoom(1);
    expect(emu.stats.passwordLogins).toBe(1);
    const botId = client.userId;

    emu.faults.expireSessions(botId);
    await expect(room.send('after the first expiry')).resolves.toEqual(expect.any(Number));
    expect(emu.stats.passwordLogins).toBe(2);

    emu.faults.expireSessions(botId);
    await expect(room.send('after the second expiry')).rejects.toMatchObject({ code: 'LOGIN_RATE_LIMITED' });
    expect(emu.stats.passwordLogins).toBe(2);
    await client.close();
    client = undefined;

    const log = loginLogFile(cookieFile);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    expect((JSON.parse(readFileSync(log, 'utf8')) as { passwordLogins: number[] }).passwordLogins).toHaveLength(2);
    // a restart (a new process would read the same files) does not post the password again
    await expect(loginClient(emu, sink.logger, { cookieFile, loginRateLimit: limit })).rejects.toMatchObject({ code: 'LOGIN_RATE_LIMITED', retryAfterMs: expect.any(Number) });
    expect(emu.stats.passwordLogins).toBe(2);
    expect(emu.stats.loginPageGets).toBe(2);
  }, 30_000);
});
