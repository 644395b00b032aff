import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildCli, CliProcess, runCliToEnd } from './cli-process.js';

const URLS = /Chat page: {3}(http:\/\/127\.0\.0\.1:\d+)\/emulator\n {2}Chat server: (http:\/\/127\.0\.0\.1:\d+)\n {2}Login site: {2}(http:\/\/127\.0\.0\.1:\d+)\n/;

describe('botpy emulator', () => {
  let dir: string;

  beforeAll(async () => {
    buildCli();
    dir = await mkdtemp(path.join(os.tmpdir(), 'botpy-cli-'));
  }, 180_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts the demo world, prints URLs that answer and the bot account, and stops on SIGTERM', async () => {
    const proc = new CliProcess(['emulator', '--port', '0']);
    try {
      const [, page, chat, login] = await proc.waitFor(URLS);
      expect(page).toBe(chat);
      await proc.waitFor(/Press Ctrl-C to stop/);
      expect(proc.stdout).toContain('ChatbotEmail=bot@example.com');
      expect(proc.stdout).toContain('ChatbotPass=botpass');
      expect(proc.stdout).toContain(`BOTPY_CHAT_ORIGIN=${chat}`);
      expect(proc.stdout).toContain(`BOTPY_LOGIN_ORIGIN=${login}`);
      expect(proc.stdout).toContain('Chat emulator (stackoverflow.com) is running');
      expect(proc.stdout).toContain('BOTPY_HOST=stackoverflow.com');
      const room = await fetch(`${chat}/rooms/1`);
      expect(room.status).toBe(200);
      expect(await room.text()).toContain('Sandbox');
      const loginPage = await fetch(`${login}/users/login`);
      expect(loginPage.status).toBe(200);
      const chatPage = await fetch(`${page}/emulator`);
      expect(chatPage.status).toBe(200);
      expect(chatPage.headers.get('content-type')).toMatch(/text\/html/);
      // not a TTY: logs are JSON lines
      const logLine = proc.stdout.split('\n').find((l) => l.startsWith('{'));
      expect(JSON.parse(logLine!)).toMatchObject({ name: 'botpy', msg: 'emulator started', origin: chat });
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  });

  it('loads a world file and lists its accounts', async () => {
    const worldFile = path.join(dir, 'world.json');
    await writeFile(
      worldFile,
      JSON.stringify({
        users: [
          { id: 7, name: 'Owner', email: 'owner@example.com', password: 'ownerpass' },
          { id: 8, name: 'MyBot', email: 'mybot@example.com', password: 'mybotpass' },
          { id: 9, name: 'Lurker' },
        ],
        rooms: [{ id: 42, name: 'Bot Lab', owners: [7] }],
      }),
    );
    const proc = new CliProcess(['emulator', '--port', '0', '--world', worldFile, '--server', 'stackexchange']);
    try {
      const [, , chat] = await proc.waitFor(URLS);
      await proc.waitFor(/Press Ctrl-C to stop/);
      expect(proc.stdout).toContain('Owner (id 7)');
      expect(proc.stdout).toContain('MyBot (id 8)');
      expect(proc.stdout).not.toContain('Lurker');
      expect(proc.stdout).toContain('BOTPY_ROOMS=42');
      expect(proc.stdout).toContain('BOTPY_HOST=stackexchange.com');
      const room = await fetch(`${chat}/rooms/42`);
      expect(room.status).toBe(200);
      expect(await room.text()).toContain('Bot Lab');
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  });

  it('refuses a malformed world file, listing the problems', async () => {
    const worldFile = path.join(dir, 'bad-world.json');
    await writeFile(worldFile, JSON.stringify({ users: [{ id: -1 }], rooms: {} }));
    const result = await runCliToEnd(['emulator', '--port', '0', '--world', worldFile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`World file ${worldFile} is not valid`);
    expect(result.stderr).toContain('users[0].id must be a positive integer');
    expect(result.stderr).toContain('users[0].name must be a non-empty string');
    expect(result.stderr).toContain('"rooms" must be an array');
  });

  it('refuses a world file that is not JSON', async () => {
    const worldFile = path.join(dir, 'not-json.json');
    await writeFile(worldFile, '{ users: ');
    const result = await runCliToEnd(['emulator', '--port', '0', '--world', worldFile]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not valid JSON');
  });

  it('says so when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCliToEnd(['emulator', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a port that is not a number', async () => {
    const result = await runCliToEnd(['emulator', '--port', 'eighty']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/a port is a number from 0 to 65535/);
  });
});
