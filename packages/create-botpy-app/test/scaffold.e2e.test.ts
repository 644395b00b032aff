/**
 * End to end: pack the workspace packages a generated project needs and create-botpy-app itself,
 * scaffold both templates with the packed `create-botpy-app` bin, install from the tarballs
 * (third-party packages from the npm registry), then run the projects' own `npm run build` and
 * `npm test`. Slow (one npm install, about 1–2 minutes).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedPackageJson } from '../src/package-json.js';
import { removeDir, tempDir } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The workspace packages a generated project installs (directly or through another). */
const PACKED = ['core', 'chat', 'redunda', 'se-api', 'testing', 'emulator', 'cli'];
const BUILT = ['packages/core', 'packages/testing', 'packages/cli', 'packages/create-botpy-app'];

/** The environment for nested npm/jest runs: without the variables of the npm/jest running us. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'JEST_WORKER_ID' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, CI: 'true', NO_COLOR: '1' };
}

interface RunResult {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function mustRun(command: string, args: string[], cwd: string, timeoutMs?: number): Promise<string> {
  const result = await run(command, args, cwd, timeoutMs);
  if (result.code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited with ${result.code}:\n${result.output.slice(-6000)}`);
  return result.output;
}

describe('create-botpy-app end to end', () => {
  let work: string;
  let bin: string;
  const tarballs: Record<string, string> = {};

  beforeAll(async () => {
    work = await tempDir('create-botpy-app-e2e-');
    await mustRun(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', ...BUILT], repoRoot);
    const packDir = path.join(work, 'tarballs');
    await mkdir(packDir);
    for (const pkg of PACKED) {
      const out = await mustRun('npm', ['pack', '--json', '--pack-destination', packDir], path.join(repoRoot, 'packages', pkg));
      const [info] = JSON.parse(out.slice(out.indexOf('['))) as { name: string; filename: string }[];
      tarballs[info!.name] = path.join(packDir, info!.filename);
    }
    // The scaffolder as published (proves the templates ship in the tarball); its own
    // dependencies resolve from the repository's node_modules.
    const out = await mustRun('npm', ['pack', '--json', '--pack-destination', packDir], path.join(repoRoot, 'packages/create-botpy-app'));
    const [scaffolder] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string }[];
    const unpacked = path.join(work, 'scaffolder');
    await mkdir(unpacked);
    await mustRun('tar', ['-xzf', path.join(packDir, scaffolder!.filename), '-C', unpacked], work);
    await symlink(path.join(repoRoot, 'node_modules'), path.join(unpacked, 'node_modules'), 'dir');
    bin = path.join(unpacked, 'package', 'dist', 'cli.js');
  }, 180_000);

  afterAll(async () => {
    await removeDir(work);
  });

  it(
    'scaffolds projects that install from the packed tarballs, build, and pass their own tests',
    async () => {
      const created = await mustRun(process.execPath, [bin, 'full-bot', '-t', 'full', '--no-interactive', '--skip-install', '--skip-git'], work);
      expect(created).toContain('Next steps:');
      await mustRun(process.execPath, [bin, 'mini-bot', '--yes', '--skip-install', '--skip-git'], work);

      for (const name of ['full-bot', 'mini-bot']) {
        const pkgFile = path.join(work, name, 'package.json');
        const pkg = JSON.parse(await readFile(pkgFile, 'utf8')) as GeneratedPackageJson & { overrides?: Record<string, string> };
        const toTarball = (deps: Record<string, string>) => {
          for (const dep of Object.keys(deps)) if (dep.startsWith('@botpy/')) deps[dep] = `file:${tarballs[dep]}`;
        };
        toTarball(pkg.dependencies);
        toTarball(pkg.devDependencies);
        pkg.overrides = Object.fromEntries(Object.entries(tarballs).map(([dep, file]) => [dep, `file:${file}`]));
        await writeFile(pkgFile, JSON.stringify(pkg, null, 2));
      }

      // One install (both projects have the same dependencies); the minimal one borrows it.
      const full = path.join(work, 'full-bot');
      const mini = path.join(work, 'mini-bot');
      await mustRun('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], full, 240_000);
      await symlink(path.join(full, 'node_modules'), path.join(mini, 'node_modules'), 'dir');

      for (const dir of [full, mini]) {
        await mustRun('npm', ['run', 'build'], dir);
        expect(existsSync(path.join(dir, 'dist', 'main.js'))).toBe(true);
        const tested = await run('npm', ['test'], dir);
        expect({ dir, code: tested.code, output: tested.code === 0 ? '' : tested.output.slice(-6000) }).toEqual({ dir, code: 0, output: '' });
        expect(tested.output).toMatch(/Tests: +\d+ passed, \d+ total/);
        expect(tested.output).not.toMatch(/failed/);
      }
    },
    300_000,
  );
});
