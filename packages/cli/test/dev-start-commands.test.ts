import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildCli, CliProcess, runCliToEnd } from './cli-process.js';
import { createFakeApp, fakeAppSettings } from './fake-app.js';

describe('botpy dev / botpy start (with a stand-in app)', () => {
  const dirs: string[] = [];

  beforeAll(() => {
    buildCli();
  }, 180_000);

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function fakeApp(o: { exitCode?: number } = {}) {
    const dir = await createFakeApp(o);
    dirs.push(dir);
    return dir;
  }

  it('dev points the app at the emulator as the demo bot, in room 1, and stops both on SIGTERM', async () => {
    const app = await fakeApp();
    const proc = new CliProcess(['dev', app, '--port', '0']);
    try {
      const [, chat] = await proc.waitFor(/Chat server: (http:\/\/127\.0\.0\.1:\d+)\n {2}Login site: {2}(http:\/\/127\.0\.0\.1:\d+)/);
      const [, login] = proc.stdout.match(/Login site: {2}(http:\/\/127\.0\.0\.1:\d+)/)!;
      await proc.waitFor(/FAKE-APP \{/);
      expect(fakeAppSettings(proc.stdout)).toEqual({
        ChatbotEmail: 'bot@example.com',
        ChatbotPass: 'botpass',
        BOTPY_HOST: 'stackoverflow.com',
        BOTPY_ROOMS: '1',
        BOTPY_CHAT_ORIGIN: chat,
        BOTPY_LOGIN_ORIGIN: login,
        // the demo account takes the app's name (see dev-supervision.test.ts): no alias for it
        BOTPY_ALIASES: null,
        FROM_DOTENV: null,
        cwd: await realpath(app),
      });
      expect((await fetch(`${chat}/rooms/1`)).status).toBe(200);
    } finally {
      expect(await proc.stop()).toBe(0);
    }
    expect(proc.stdout).toContain('FAKE-APP stopping');
  });

  it('dev keeps the emulator up when the app exits, and says so', async () => {
    const app = await fakeApp({ exitCode: 3 });
    const proc = new CliProcess(['dev', app, '--port', '0']);
    try {
      const [, chat] = await proc.waitFor(/Chat server: (http:\/\/127\.0\.0\.1:\d+)/);
      await proc.waitFor(/"msg":"the app exited; the emulator keeps running \(Ctrl-C to stop\)"/);
      expect(proc.stdout).toMatch(/"code":3/);
      expect((await fetch(`${chat}/rooms/1`)).status).toBe(200);
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  });

  it('dev refuses an app that has not been built', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'botpy-unbuilt-'));
    dirs.push(dir);
    const result = await runCliToEnd(['dev', dir, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.join(dir, 'dist', 'main.js')} not found: build the app first`);
  });

  it('start refuses to run without the bot credentials, without printing any secret', async () => {
    const app = await fakeApp({ exitCode: 0 });
    const result = await runCliToEnd(['start', app], { env: { ChatbotEmail: 'someone@example.com', ChatbotPass: '' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ChatbotPass is not set/);
    expect(result.stderr).not.toContain('someone@example.com');
    expect(result.stdout).not.toContain('FAKE-APP');
  });

  it('start runs the app with the environment as given plus .env (the environment wins) and exits with its code', async () => {
    const app = await fakeApp({ exitCode: 7 });
    await writeFile(path.join(app, '.env'), 'FROM_DOTENV=yes\nBOTPY_ROOMS=5\nChatbotPass=from-file\n');
    const result = await runCliToEnd(['start', app], {
      env: { ChatbotEmail: 'me@example.com', BOTPY_ROOMS: '11,12', BOTPY_CHAT_ORIGIN: '', BOTPY_LOGIN_ORIGIN: '' },
    });
    expect(result.code).toBe(7);
    expect(fakeAppSettings(result.stdout)).toMatchObject({
      ChatbotEmail: 'me@example.com',
      ChatbotPass: 'from-file',
      BOTPY_ROOMS: '11,12',
      FROM_DOTENV: 'yes',
    });
    // the password is never logged by the CLI
    expect(result.stdout.split('\n').filter((l) => !l.startsWith('FAKE-APP')).join('\n')).not.toContain('from-file');
  });

  it('start stops the app gracefully on SIGTERM', async () => {
    const app = await fakeApp();
    const proc = new CliProcess(['start', app], { env: { ChatbotEmail: 'me@example.com', ChatbotPass: 'pw' } });
    await proc.waitFor(/FAKE-APP \{/);
    expect(await proc.stop()).toBe(0);
    expect(proc.stdout).toContain('FAKE-APP stopping');
  });
});
