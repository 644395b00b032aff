import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderProject } from '../src/render.js';
import { removeDir, runCaptured, tempDir } from './helpers.js';

const hasGit = spawnSync('git', ['--version']).status === 0;

describe('create-botpy-app (non-interactive)', () => {
  let cwd: string;

  beforeEach(async () => {
    cwd = await tempDir();
  });

  afterEach(async () => {
    await removeDir(cwd);
  });

  it('refuses a name that is not a valid package name, with exit code 1 and nothing written', async () => {
    const result = await runCaptured(['My Bot', '--skip-install', '--skip-git'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/"My Bot" is not a valid npm package name/);
    expect(result.stderr).toMatch(/capital letters/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('refuses a non-empty target directory, naming it, and leaves it untouched', async () => {
    const dir = path.join(cwd, 'my-bot');
    await mkdir(dir);
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    const result = await runCaptured(['my-bot', '--skip-install', '--skip-git'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Target directory ${dir} is not empty (notes.txt)`);
    expect(result.stderr).toContain('--overwrite');
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('refuses a target that is a file', async () => {
    await writeFile(path.join(cwd, 'my-bot'), 'a file');
    const result = await runCaptured(['my-bot', '--skip-install', '--skip-git'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/exists and is not a directory/);
  });

  it('with --overwrite writes into a non-empty directory and keeps the other files', async () => {
    const dir = path.join(cwd, 'my-bot');
    await mkdir(dir);
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    await writeFile(path.join(dir, 'README.md'), 'old readme');
    const result = await runCaptured(['my-bot', '--overwrite', '--skip-install', '--skip-git'], cwd);
    expect(result.code).toBe(0);
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toMatch(/^# my-bot/);
  });

  it('--dry-run lists the files and writes nothing', async () => {
    const result = await runCaptured(['my-bot', '-t', 'full', '--dry-run'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run');
    const expected = await renderProject({ target: { packageName: 'my-bot', botName: 'MyBot' }, template: 'full' });
    for (const file of expected) expect(result.stdout).toContain(`  ${file.path}\n`);
    expect(await readdir(cwd)).toEqual([]);
  });

  it.each(['minimal', 'full'] as const)('writes the %s template exactly as rendered', async (template) => {
    const result = await runCaptured(['bots/my-bot', '-t', template, '--skip-install', '--skip-git'], cwd);
    expect(result.code).toBe(0);
    const dir = path.join(cwd, 'bots', 'my-bot');
    const expected = await renderProject({ target: { packageName: 'my-bot', botName: 'MyBot' }, template });
    for (const file of expected) {
      expect({ path: file.path, content: await readFile(path.join(dir, file.path), 'utf8') }).toEqual({ path: file.path, content: file.content });
    }
    expect(result.stdout).toContain('Next steps:');
    expect(result.stdout).toContain('cd bots/my-bot');
    expect(result.stdout).toContain('npm install');
    expect(existsSync(path.join(dir, '.git'))).toBe(false);
  });

  it('defaults to the minimal template', async () => {
    const result = await runCaptured(['my-bot', '--yes', '--skip-install', '--skip-git'], cwd);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(cwd, 'my-bot', 'src', 'commands', 'hello.command.ts'))).toBe(true);
    expect(existsSync(path.join(cwd, 'my-bot', 'src', 'tasks'))).toBe(false);
  });

  it('refuses an unknown template', async () => {
    const result = await runCaptured(['my-bot', '-t', 'huge', '--skip-install'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Allowed choices are minimal, full/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('asks for the name when none is given and it cannot prompt', async () => {
    const result = await runCaptured(['--skip-install'], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/give a project name/);
  });

  it('--yes without a name creates my-bot, the default the prompt offers', async () => {
    const result = await runCaptured(['--yes', '--skip-install', '--skip-git'], cwd);
    expect(result.code).toBe(0);
    expect(await readdir(cwd)).toEqual(['my-bot']);
    expect(JSON.parse(await readFile(path.join(cwd, 'my-bot', 'package.json'), 'utf8'))).toMatchObject({ name: 'my-bot' });
    expect(result.stdout).toMatch(/cd my-bot/);
  });

  (hasGit ? it : it.skip)('initializes a git repository unless --skip-git', async () => {
    const result = await runCaptured(['my-bot', '--skip-install'], cwd);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(cwd, 'my-bot', '.git'))).toBe(true);
    expect(result.stdout).toMatch(/Initialized a git repository/);
  });
});
