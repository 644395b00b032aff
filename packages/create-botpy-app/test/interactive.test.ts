import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../src/program.js';
import { removeDir, tempDir } from './helpers.js';

/** A fake terminal: keys are typed once the prompt shows `waitFor`. */
function fakeTerminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: () => stdin });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 40 });
  let screen = '';
  stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  return {
    stdin,
    stdout,
    screen: () => screen,
    async answer(waitFor: string, keys: string): Promise<void> {
      const deadline = Date.now() + 5000;
      while (!screen.includes(waitFor)) {
        if (Date.now() > deadline) throw new Error(`prompt "${waitFor}" not shown; screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      stdin.write(keys);
    },
  };
}

describe('create-botpy-app (interactive)', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await tempDir();
  });
  afterEach(async () => {
    await removeDir(cwd);
  });

  it('asks for the name, the template and whether to install', async () => {
    const term = fakeTerminal();
    let stderr = '';
    const err = new PassThrough();
    err.on('data', (c: Buffer) => (stderr += c.toString()));
    const done = runCli(['--skip-git'], { stdin: term.stdin, stdout: term.stdout, stderr: err, cwd });
    await term.answer('Project name?', 'chat-helper\r');
    await term.answer('Which template?', '\x1b[B\r'); // arrow down: full
    await term.answer('Install dependencies now?', '\x1b[C\r'); // arrow right: No
    expect(await done).toBe(0);
    expect(stderr).toBe('');
    const dir = path.join(cwd, 'chat-helper');
    expect(JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: 'chat-helper' });
    expect(existsSync(path.join(dir, 'src', 'tasks', 'heartbeat.task.ts'))).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
    expect(term.screen()).toContain('Next steps');
  });

  it('with --yes asks nothing even on a terminal', async () => {
    const term = fakeTerminal();
    const code = await runCli(['quiet-bot', '--yes', '--skip-install', '--skip-git'], { stdin: term.stdin, stdout: term.stdout, stderr: new PassThrough(), cwd });
    expect(code).toBe(0);
    expect(term.screen()).not.toContain('?');
    expect(existsSync(path.join(cwd, 'quiet-bot', 'src', 'main.ts'))).toBe(true);
  });

  it('cancelling a prompt creates nothing and exits with 1', async () => {
    const term = fakeTerminal();
    let stderr = '';
    const err = new PassThrough();
    err.on('data', (c: Buffer) => (stderr += c.toString()));
    const done = runCli([], { stdin: term.stdin, stdout: term.stdout, stderr: err, cwd });
    await term.answer('Project name?', '\x03'); // Ctrl-C
    expect(await done).toBe(1);
    expect(stderr).toContain('Cancelled: nothing was created.');
  });
});
