import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatEmulator } from '@botpy/emulator';
import { allSamples, extractSamples, type DocSample } from './doc-samples.js';

/**
 * Every TypeScript sample in README.md and docs/ is compiled as a bot author's project would be
 * (tsc, experimentalDecorators + emitDecoratorMetadata, the published @botpy/* entry points), and
 * every complete one is run: a bot against the emulator must start and answer `@TestBot alive`, a
 * script must exit 0. A sample that drifts from the code fails here. Fragments are marked in the
 * Markdown (`<!-- sample: fragment -->`, see doc-samples.ts).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const samples = allSamples(ROOT);
const where = (s: DocSample) => `${s.doc}:${s.line}`;

describe('the samples of the documentation', () => {
  let project = '';
  beforeAll(() => {
    const built = spawnSync(process.execPath, [TSC, '-b', 'packages/core', 'packages/emulator', 'packages/testing', 'packages/chat', 'packages/redunda'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`tsc -b failed:\n${built.stdout}${built.stderr}`);
    // inside the repository, so that @botpy/* resolve as they do in an app (node_modules links)
    project = mkdtempSync(path.join(ROOT, 'tests/docs/.tmp-samples-'));
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'doc-samples', private: true, type: 'module' }));
    const compilerOptions = {
      target: 'ES2022', lib: ['ES2023'], module: 'nodenext', moduleResolution: 'nodenext', strict: true, isolatedModules: true,
      experimentalDecorators: true, emitDecoratorMetadata: true, esModuleInterop: true, skipLibCheck: true, rootDir: '.', outDir: 'dist', types: ['node'],
    };
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['**/*.ts'], exclude: ['dist', 'node_modules'] }, null, 2));
    for (const s of samples.filter((x) => x.mode !== 'fragment')) {
      mkdirSync(path.dirname(path.join(project, s.file)), { recursive: true });
      writeFileSync(path.join(project, s.file), `${s.code}\nexport {};\n`);
    }
  }, 240_000);
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('finds the samples, and every fragment is marked as one', () => {
    expect(samples.length).toBeGreaterThanOrEqual(15);
    expect(samples.filter((s) => s.mode === 'run').length).toBeGreaterThanOrEqual(8);
    // the marker grammar: a typo is an error, not a silent skip
    expect(() => extractSamples('x.md', '<!-- sample: fragmnt -->\n```ts\nx;\n```\n')).toThrow('unknown sample marker "fragmnt"');
    expect(extractSamples('x.md', 'text\n<!-- sample: compile-only file=src/a.ts expect="hi there" -->\n```ts\nconst a = 1;\n```\n')).toEqual([
      { doc: 'x.md', line: 4, code: 'const a = 1;', mode: 'compile-only', file: 'src/a.ts', expect: 'hi there' },
    ]);
  });

  it('every sample that is not a fragment compiles', () => {
    const r = spawnSync(process.execPath, [TSC, '-p', project], { cwd: project, encoding: 'utf8' });
    const byFile = new Map(samples.map((s) => [s.file, s]));
    // point each error at the Markdown line it comes from
    const errors = (r.stdout + r.stderr).replace(/^(\S+\.ts)\((\d+),(\d+)\)/gm, (all, file: string, line: string) => {
      const s = byFile.get(file.replace(/\\/g, '/'));
      return s ? `${s.doc}:${s.line + Number(line) - 1}` : all;
    });
    expect(errors).toBe('');
  }, 120_000);

  for (const s of samples.filter((x) => x.mode === 'run')) {
    const isBot = /\.start\(\)/.test(s.code) && /whenStopped\(\)/.test(s.code);
    it(`${where(s)} runs${isBot ? ': the bot starts and answers @TestBot alive' : ''}`, async () => {
      const js = path.join(project, 'dist', s.file.replace(/\.ts$/, '.js'));
      const ownEmulator = /ChatEmulator/.test(s.code);
      const emu = ownEmulator ? null : await ChatEmulator.start({ port: 0, policies: { throttle: null } });
      const home = mkdtempSync(path.join(os.tmpdir(), 'botpy-sample-'));
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, BOTPY_LOG_LEVEL: 'warn', BOTPY_LOG_FORMAT: 'json' };
      for (const k of ['ChatbotEmail', 'ChatbotPass', 'BOTPY_HOST', 'BOTPY_ROOMS', 'BOTPY_CHAT_ORIGIN', 'BOTPY_LOGIN_ORIGIN', 'BOTPY_ALIASES', 'BOTPY_STORAGE_DIR']) delete env[k];
      if (emu) {
        Object.assign(env, {
          ChatbotEmail: 'bot@example.com', ChatbotPass: 'botpass', BOTPY_CHAT_ORIGIN: emu.origin, BOTPY_LOGIN_ORIGIN: emu.loginOrigin, BOTPY_STORAGE_DIR: path.join(home, 'data'),
        });
      }
      const child = spawn(process.execPath, [js], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
      try {
        if (isBot) {
          // started = its startup message is posted (the last step of start())
          const deadline = Date.now() + 30_000;
          while (!emu!.world.transcript(1).some((m) => m.userId === 100 && /started/.test(m.text))) {
            if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${where(s)}: the bot did not start; output:\n${output}`);
            await new Promise((r) => setTimeout(r, 50));
          }
          const asked = emu!.world.post(2, 1, '@TestBot alive');
          const answer = await emu!.world.waitForMessage((m) => m.userId === 100 && m.parentId === asked.id, 10_000).catch(() => {
            throw new Error(`${where(s)}: no answer to @TestBot alive; output:\n${output}`);
          });
          expect(answer.text).toMatch(/is alive/);
          child.kill('SIGTERM'); // the bot samples stop gracefully on SIGTERM (handleSignals: true)
        }
        const code = await exited;
        if (code !== 0) throw new Error(`${where(s)} exited with ${code}; output:\n${output}`);
        if (s.expect) expect(output).toContain(s.expect);
      } finally {
        clearTimeout(killer);
        if (child.exitCode === null) child.kill('SIGKILL');
        await emu?.stop();
        rmSync(home, { recursive: true, force: true });
      }
    }, 60_000);
  }

  it('the API reference names each package by its npm name (the @module comment comes first in each entry point)', () => {
    for (const pkg of ['core', 'chat', 'emulator', 'redunda', 'testing']) {
      const entry = readFileSync(path.join(ROOT, 'packages', pkg, 'src/index.ts'), 'utf8');
      const first = /^\s*\/\*\*([\s\S]*?)\*\//.exec(entry);
      expect(first?.[1]).toContain(`@module @botpy/${pkg}`);
    }
  });
});
