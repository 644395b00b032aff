import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { compare, loadExchanges, loadFailover, runFailoverCase, send, worldFor } from './fixtures/redunda/fixture-runner.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const ownDir = path.join(here, 'fixtures/redunda');
const sharedDir = path.join(path.resolve(repoRoot, '../shared'), 'fixtures/redunda');
const haveShared = existsSync(path.join(sharedDir, 'exchanges.json'));

if (!haveShared) {
  console.warn(`redunda conformance: ${sharedDir} is absent, so only the project's own fixtures are checked (shared reference fixtures skipped)`);
}

const suites: { label: string; dir: string }[] = [{ label: 'own fixtures', dir: ownDir }];
if (haveShared) suites.push({ label: 'shared reference fixtures', dir: sharedDir });

for (const { label, dir } of suites) {
  describe(`RedundaEmulator conformance: ${label}`, () => {
    const fx = loadExchanges(dir);
    it.each(fx.exchanges.map((e) => [e.name, e] as const))('exchange: %s', async (_name, ex) => {
      const { emu } = await worldFor(dir, fx, ex);
      try {
        const observed = await send(emu, dir, ex.request);
        expect(compare(dir, ex, observed)).toEqual([]);
      } finally {
        await emu.stop();
      }
    });

    const fo = loadFailover(dir);
    it.each(fo.cases.map((c) => [c.name, c] as const))('election: %s', async (_name, c) => {
      expect(await runFailoverCase(c, fo.window_seconds)).toEqual([]);
    });
  });
}


if (!haveShared) {
  describe('RedundaEmulator conformance: shared reference fixtures', () => {
    it.skip(`skipped: ${sharedDir} is absent (not part of a user's clone)`, () => undefined);
  });
}
