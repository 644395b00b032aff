import { afterAll, describe, expect, it } from '@jest/globals';
import { ChatClient } from '@botpy/chat';
import { ChatEmulator, RedundaEmulator } from '@botpy/emulator';
import { createTestBot, type TestBot } from '@botpy/testing';
import { createLogSink, findLeaks, recordEmulatorSecrets } from './log-sink.js';

// The failure paths where secrets are most likely to slip into a log line or an error message:
// refused logins, CAPTCHA and read-only login pages, server error pages that echo the fkey,
// revoked fkeys and a revoked Redunda key — all logged at the most verbose level.

const PASSWORD = 'log-scan-Pa55word%Z';
const WORLD = {
  users: [{ id: 100, name: 'TestBot', email: 'bot@example.com', password: PASSWORD }],
  rooms: [{ id: 1, name: 'Sandbox', owners: [] }],
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('secrets never reach a log line or an error message', () => {
  const sink = createLogSink('log-secrets');
  const secrets = new Set<string>([PASSWORD, 'wrong-Pa55word-Q']);
  const errors: string[] = [];
  const keep = (err: unknown) => errors.push(`${String(err)} ${JSON.stringify(err)} ${(err as Error)?.stack ?? ''}`);
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('the scanner itself flags secret values and secret shapes (and not redacted ones)', () => {
    const lines = ['{"msg":"x","pw":"hunter2hunter2"}', 'POST /x?fkey=0123abcd', '{"fkey":"[redacted]"}', 'ws://h/events/1/0123456789abcdef', 'acct=t=abc&s=def', 'all good'];
    const leaks = findLeaks(lines, ['hunter2hunter2']);
    expect(leaks.map((l) => l.slice(0, 7))).toEqual(['line 0:', 'line 1:', 'line 3:', 'line 4:']);
  });

  it('refused, CAPTCHA and read-only logins', async () => {
    const emulator = await ChatEmulator.start({ port: 0, loginPort: 0, world: WORLD });
    cleanups.push(() => emulator.stop());
    recordEmulatorSecrets(emulator, secrets);
    const origins = { chat: emulator.origin, login: emulator.loginOrigin };
    const login = (password: string) => ChatClient.login({ host: 'stackexchange.com', email: 'bot@example.com', password, origins, logger: sink.logger });
    await expect(login('wrong-Pa55word-Q').catch((e) => (keep(e), Promise.reject(e)))).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
    emulator.policies.captcha = true;
    await expect(login(PASSWORD).catch((e) => (keep(e), Promise.reject(e)))).rejects.toMatchObject({ code: 'CAPTCHA' });
    emulator.policies.captcha = false;
    emulator.policies.readOnly = true;
    await expect(login(PASSWORD).catch((e) => (keep(e), Promise.reject(e)))).rejects.toMatchObject({ code: 'READ_ONLY' });
    emulator.policies.readOnly = false;
    const client = await login(PASSWORD);
    cleanups.push(() => client.close());
    const room = await client.joinRoom(1);
    // error pages that echo the request (fkey included), revoked fkeys, expired sessions
    const fkeyEcho = `<html>bad request: fkey=${[...secrets].find((s) => /^[0-9a-f]{32}$/.test(s)) ?? ''}&text=x</html>`;
    emulator.faults.failNext('POST /chats/:room/messages/new', 2, 500, fkeyEcho);
    await room.send('after two failures').catch(keep);
    emulator.faults.failNext('POST /chats/:room/messages/new', 10, 400, fkeyEcho);
    await room.send('refused for good').catch(keep);
    emulator.faults.reset();
    emulator.faults.revokeFkey(client.userId);
    await room.send('after a revoked fkey').catch(keep);
    emulator.faults.expireSessions(client.userId);
    await room.send('after an expired session').catch(keep);
    emulator.faults.dropSockets({ closeFrame: false });
    await sleep(300);
    expect(emulator.world.transcript(1).filter((m) => m.userId === client.userId).map((m) => m.text)).toEqual(
      expect.arrayContaining(['after two failures', 'after a revoked fkey', 'after an expired session']),
    );
  }, 30_000);

  it('a revoked Redunda key and Redunda errors', async () => {
    const redunda = await RedundaEmulator.start({ port: 0 });
    cleanups.push(() => redunda.stop());
    redunda.addBot({ id: 1, name: 'TestBot' });
    const { key } = redunda.addInstance({ botId: 1 });
    secrets.add(key);
    const bot: TestBot = await createTestBot({
      logger: sink.logger, password: PASSWORD, emulator: { world: WORLD }, messages: { startup: null },
      redunda: { key, version: '1.0.0', origin: redunda.origin, pingInterval: 0.1 },
    });
    cleanups.push(() => bot.stop());
    recordEmulatorSecrets(bot.emulator, secrets);
    redunda.faults.failNext('POST /status.json', 2, 500);
    await sleep(400);
    secrets.add(redunda.revokeKey(key));
    await sleep(400);
    await bot.app.privileges.grant(1, { id: 2, name: 'Bob' }, 0).catch(keep); // no level 0: a PrivilegeError
    expect(bot.app.redunda).not.toBeNull();
  }, 30_000);

  it('no log line and no error message contains a password, cookie, fkey or Redunda key', () => {
    expect(sink.lines.length).toBeGreaterThan(20);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(secrets.size).toBeGreaterThan(6);
    expect(findLeaks(sink.lines, secrets)).toEqual([]);
    expect(findLeaks(errors, secrets)).toEqual([]);
  });
});
