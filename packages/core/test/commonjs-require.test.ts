import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ChatEmulator } from '@botpy/emulator';

// Importing a CommonJS package from an ES module makes Node scan its source for export names, and
// that leaves 5–12 MB resident in an idle bot (docs/design/memory.md): chat and core load their
// CommonJS dependencies with require. The child runs the built packages under a load hook that logs
// every module loaded through import, with its format.
const FIXTURES = fileURLToPath(new URL('./fixtures/lazy-load/', import.meta.url));

describe('a framework bot loads its CommonJS dependencies with require', () => {
  let emu: ChatEmulator;
  beforeAll(async () => {
    emu = await ChatEmulator.start({ port: 0, loginPort: 0, policies: { throttle: null } });
  });
  afterAll(async () => {
    await emu?.stop();
  });

  async function importedModules(mode: 'plain' | 'control'): Promise<{ format: string; url: string }[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-cjs-'));
    const log = path.join(dir, 'loaded.log');
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', path.join(FIXTURES, 'register-load-log.mjs'), path.join(FIXTURES, 'commonjs.child.mjs'), emu.origin, emu.loginOrigin, path.join(dir, 'data'), mode],
        { env: { ...process.env, BOTPY_LOAD_LOG: log }, timeout: 30_000 },
      );
      expect(stdout).toContain('done, socket open');
      return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => {
        const [format, url] = l.split(' ');
        return { format, url };
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('starts, connects and stops without importing any CommonJS module', async () => {
    const loaded = await importedModules('plain');
    expect(loaded.some((m) => m.format === 'module' && m.url.includes('/packages/core/'))).toBe(true);
    expect(loaded.some((m) => m.format === 'module' && m.url.includes('/packages/chat/'))).toBe(true);
    expect(loaded.filter((m) => m.format === 'commonjs').map((m) => m.url)).toEqual([]);
  }, 40_000);

  it('the hook sees a CommonJS package imported the ES way (so the check above can fail)', async () => {
    const loaded = await importedModules('control');
    expect(loaded.filter((m) => m.format === 'commonjs').map((m) => m.url)).toEqual([expect.stringContaining('/write-file-atomic/')]);
  }, 40_000);
});
