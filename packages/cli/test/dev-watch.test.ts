/**
 * `botpy dev --watch`: a change in the app's dist/ restarts the app on the same emulator, and the
 * new code answers. The app is plain JavaScript in a temporary directory (no tsconfig.json, so only
 * dist/ is watched), importing the workspace's built @botpy/core by file URL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ChatClient, type ChatHost, type MessagePostedEvent, type Room } from '@botpy/chat';
import { pino } from 'pino';
import { spawnSync } from 'node:child_process';
import { buildCli, CliProcess, repoRoot } from './cli-process.js';

const CORE = pathToFileURL(path.join(repoRoot, 'packages/core/dist/index.js')).href;

function mainJs(version: number, storageDir: string): string {
  return `import { bootstrap, Command } from ${JSON.stringify(CORE)};
class VersionCommand {
  run(ctx) { return ctx.reply('running version ${version}'); }
}
Command({ usage: ['version ...'] })(VersionCommand);
const app = await bootstrap({ name: 'TestBot', rooms: [1], commands: [VersionCommand], storageDir: ${JSON.stringify(storageDir)}, handleSignals: true, messages: { startup: null } });
await app.start();
await app.whenStopped();
`;
}

describe('botpy dev --watch', () => {
  let dir: string;
  let proc: CliProcess | undefined;
  let client: ChatClient | undefined;

  beforeAll(() => {
    buildCli('packages/core');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-watch-'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'watch-app', type: 'module', private: true }));
    fs.writeFileSync(path.join(dir, 'dist', 'main.js'), mainJs(1, path.join(dir, 'data')));
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    await proc?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Asks `@TestBot version` until an answer containing `expected` arrives (the bot may still be starting). */
  async function ask(room: Room, answers: MessagePostedEvent[], expected: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const before = answers.length;
      await room.send(`@TestBot version (${Date.now()})`);
      const until = Date.now() + 2_000;
      while (Date.now() < until) {
        const hit = answers.slice(before).find((m) => m.text.includes(expected));
        if (hit) return hit.text;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`no answer containing "${expected}"; answers: ${answers.map((a) => a.text).join(' | ')}`);
  }

  /** Starts `botpy dev <appDir> --watch` and a person (Bob) in room 1; resolves once the bot answered. */
  async function startDev(appDir: string, compilerNote: RegExp) {
    proc = new CliProcess(['dev', appDir, '--port', '0', '--watch']);
    const [, host, chat, login] = await proc.waitFor(
      /Chat emulator \(([a-z.]+)\) is running:\n {2}Chat page: {3}\S+\n {2}Chat server: (\S+)\n {2}Login site: {2}(\S+)\n/,
    );
    await proc.waitFor(compilerNote);
    await proc.waitFor(/Open http:\/\/127\.0\.0\.1:\d+\/emulator/, 60_000);

    client = await ChatClient.login({ host: host as ChatHost, email: 'bob@example.com', password: 'bobpass', origins: { chat, login }, logger: pino({ level: 'silent' }) });
    const room = await client.joinRoom(1);
    const answers: MessagePostedEvent[] = [];
    room.on('message', (m) => {
      if (m.userId === 100) answers.push(m);
    });
    expect(await ask(room, answers, 'running version')).toContain('running version 1');
    return { room, answers };
  }

  async function stopDev() {
    await client?.close();
    client = undefined;
    if (proc) expect(await proc.stop()).toBe(0);
    proc = undefined;
  }

  it('restarts the app when dist/ changes, on the same emulator, and the new code answers', async () => {
    const { room, answers } = await startDev(dir, /Watching \S+ for changes\.\n/);

    fs.writeFileSync(path.join(dir, 'dist', 'main.js'), mainJs(2, path.join(dir, 'data')));
    await proc!.waitFor(/Change in dist\/: restarted the app\./, 10_000);
    expect(await ask(room, answers, 'running version 2')).toContain('running version 2');
    // one restart for one change (the write is debounced), and the same emulator all along
    expect(proc!.stdout.match(/restarted the app/g)).toHaveLength(1);
    expect(proc!.stdout.match(/Chat emulator \(/g)).toHaveLength(1);
    await stopDev();
  }, 120_000);

  it('a TypeScript app (tsconfig.json): tsc -b --watch runs too, so an edit of src/ reaches the chat', async () => {
    // inside the repository, so that typescript and @botpy/core resolve as in a real app
    const app = fs.mkdtempSync(path.join(repoRoot, 'packages/cli/test/.tmp-watch-'));
    try {
      fs.mkdirSync(path.join(app, 'src'));
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'watch-ts-app', type: 'module', private: true }));
      // as create-botpy-app lays it out: tsconfig.json only type-checks, tsconfig.build.json emits
      fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ extends: '../../../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src/**/*.ts'] }));
      fs.writeFileSync(
        path.join(app, 'tsconfig.build.json'),
        JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' }, include: ['src/**/*.ts'] }),
      );
      const source = (v: number) => mainJs(v, path.join(app, 'data')).replace(JSON.stringify(CORE), "'@botpy/core'").replace('run(ctx) {', 'run(ctx: any) {');
      fs.writeFileSync(path.join(app, 'src', 'main.ts'), source(1));
      const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
      const built = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: app, encoding: 'utf8' });
      expect(built.stdout + built.stderr).toBe('');

      const { room, answers } = await startDev(app, /Watching \S+ for changes \(tsc -b tsconfig\.build\.json --watch is running\)\./);
      await new Promise((r) => setTimeout(r, 1_500)); // tsc's first (up-to-date) pass
      fs.writeFileSync(path.join(app, 'src', 'main.ts'), source(2));
      await proc!.waitFor(/Change in dist\/: restarted the app\./, 30_000);
      expect(await ask(room, answers, 'running version 2')).toContain('running version 2');
      await stopDev();
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
  }, 120_000);
});
