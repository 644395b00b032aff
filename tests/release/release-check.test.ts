/**
 * `npm run release:check` in the suite: every published package has complete metadata, and
 * publint --strict and are-the-types-wrong (esm-only profile) report nothing for it.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('npm run release:check', () => {
  it('finds every published package ready (metadata, publint, attw)', () => {
    const result = spawnSync(process.execPath, ['scripts/release-check.js'], { cwd: repoRoot, encoding: 'utf8', timeout: 290_000 }); // per package: one npm pack, publint and attw on the tarball (1-2 min on a loaded machine)
    const output = `${result.stdout}${result.stderr}`;
    expect({ code: result.status, output: result.status === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    const published = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces
      .filter((w) => !w.endsWith('/*'))
      .filter((w) => !(JSON.parse(readFileSync(path.join(repoRoot, w, 'package.json'), 'utf8')) as { private?: boolean }).private);
    expect(published.length).toBeGreaterThanOrEqual(7);
    expect(output).toContain(`release:check: all ${published.length} packages are ready`);
  }, 300_000);
});
