import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// A bot without Redunda must not load the Redunda client (it costs ≈ 6 MB of RSS, and the idle-RSS
// benchmark has little margin). The child runs the built packages under a resolve hook that logs
// every module URL.
const FIXTURES = fileURLToPath(new URL('./fixtures/lazy-load/', import.meta.url));
const REDUNDA_CLIENT = /\/packages\/redunda\/|\/node_modules\/@botpy\/redunda\//;

async function loadedModules(mode: 'with-redunda' | 'without-redunda'): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-lazy-'));
  const log = path.join(dir, 'resolved.log');
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', path.join(FIXTURES, 'register.mjs'), path.join(FIXTURES, 'bot.child.mjs'), path.join(dir, 'data'), mode], {
      env: { ...process.env, BOTPY_RESOLVE_LOG: log },
      timeout: 30_000,
    });
    expect(stdout).toContain('done');
    return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Redunda client is loaded only when configured', () => {
  it('a bot without the redunda option starts and stops without loading @botpy/redunda', async () => {
    const urls = await loadedModules('without-redunda');
    expect(urls.some((u) => u.includes('/packages/core/'))).toBe(true);
    expect(urls.some((u) => u.includes('/packages/chat/'))).toBe(true);
    expect(urls.filter((u) => REDUNDA_CLIENT.test(u))).toEqual([]);
    // nor the Redis client (loaded only with coordination.redis)
    expect(urls.filter((u) => /\/packages\/redis\/|\/node_modules\/(@botpy\/redis|ioredis)\//.test(u))).toEqual([]);
  }, 40_000);

  it('a bot with the redunda option loads it (the hook sees it, so the check above can fail)', async () => {
    const urls = await loadedModules('with-redunda');
    expect(urls.some((u) => REDUNDA_CLIENT.test(u))).toBe(true);
  }, 40_000);
});
