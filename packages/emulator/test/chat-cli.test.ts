import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChatEmulator } from '@botpy/emulator';
import { parseWorldFile } from '@botpy/emulator';
import { runCli } from '../src/chat/run-cli.js';
import { login } from './chat-kit.js';

describe('botpy-emulator CLI', () => {
  const running: ChatEmulator[] = [];
  afterAll(async () => {
    await Promise.all(running.map((e) => e.stop()));
  });

  it('starts the demo world and prints URLs, rooms and the bot credentials', async () => {
    const out: string[] = [];
    const emu = await runCli(['--port', '0'], (s) => out.push(s));
    running.push(emu);
    const text = out.join('\n');
    expect(text).toContain(`chat:        ${emu.origin}`);
    expect(text).toContain(`${emu.loginOrigin}/users/login`);
    expect(text).toContain(`${emu.origin}/emulator`);
    expect(text).toContain('1 "Sandbox"  owners: Alice Owner');
    expect(text).toMatch(/100 TestBot\s+email bot@example\.com\s+password botpass/);
    const bot = await login(emu, 'bot@example.com', 'botpass');
    expect(bot.userId).toBe(100);
  });

  it('serves a world file and the chosen server', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-world-'));
    const file = path.join(dir, 'world.json');
    writeFileSync(
      file,
      JSON.stringify({
        users: [
          { id: 5, name: 'Ops', email: 'ops@example.com', password: 'opspass', moderator: true },
          { id: 6, name: 'Helper', email: 'helper@example.com', password: 'helperpass' },
        ],
        rooms: [{ id: 42, name: 'Ops Room', owners: [5] }],
      }),
    );
    const out: string[] = [];
    const emu = await runCli(['--port', '0', '--world', file, '--server', 'stackexchange'], (s) => out.push(s));
    running.push(emu);
    expect(emu.server).toBe('stackexchange');
    expect(emu.world.rooms().map((r) => r.name)).toEqual(['Ops Room']);
    expect(out.join('\n')).toMatch(/5 Ops \(moderator\)\s+email ops@example\.com/);
    const acc = await login(emu, 'helper@example.com', 'helperpass');
    expect((await acc.post('/chats/42/messages/new', { text: 'hi ops' })).statusCode).toBe(200);
  });

  it('refuses bad options and bad world files with clear messages', async () => {
    const out: string[] = [];
    await expect(runCli(['--server', 'nope'], (s) => out.push(s))).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    expect(out.join('\n')).toContain('must be one of stackoverflow, stackexchange, meta');
    await expect(runCli(['--port', '0', '--world', '/no/such/world.json'], () => {})).rejects.toMatchObject({ code: 'BAD_WORLD' });
    expect(() => parseWorldFile({ users: [{ id: 'x', name: 'a' }], rooms: [] })).toThrow('users[0].id must be a positive integer');
    expect(() => parseWorldFile({ users: [], rooms: [{ id: 1, name: 'r', owners: [9] }] })).toThrow('unknown user 9');
    expect(() => parseWorldFile([])).toThrow('top level must be an object');
  });

  it('a busy port gets a hint naming the option to change', async () => {
    const holder = await runCli(['--port', '0'], () => {});
    try {
      const busy = new URL(holder.origin).port;
      const err = (await runCli(['--port', busy, '--login-port', '0'], () => {}).catch((e: unknown) => e)) as { code?: string; message?: string };
      expect(err).toMatchObject({ code: 'PORT_IN_USE' });
      expect(err.message).toBe(`port ${busy} on 127.0.0.1 is in use: pass --port <other> (0 picks a free one), or stop what uses it`);
      const loginBusy = new URL(holder.loginOrigin).port;
      const err2 = (await runCli(['--port', '0', '--login-port', loginBusy], () => {}).catch((e: unknown) => e)) as { message?: string };
      expect(err2.message).toContain(`port ${loginBusy} on 127.0.0.1 is in use: pass --login-port <other>`);
    } finally {
      await holder.stop();
    }
  });
});
