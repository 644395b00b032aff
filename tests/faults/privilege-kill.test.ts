import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { JsonFilePrivilegeRepository } from '@botpy/core';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'grant-loop.child.mjs');
const BUILT = resolve(here, '../../packages/core/dist/privileges/json-file-privilege-repository.js');
const LANES = 4;
const KILLS_PER_LANE = 50;
const GRANTS_PER_CHILD = 200;

interface Run {
  acks: { id: number; level: number }[];
  signal: NodeJS.Signals | null;
  finished: boolean;
}

/**
 * Starts the child and kills it with SIGKILL once it acknowledged `afterAcks` grants plus
 * `extraMs` (so the kill lands anywhere in a save: writing the temp file, fsync, rename, or between
 * saves); returns what it acknowledged.
 */
function runChild(file: string, firstId: number, afterAcks: number, extraMs: number): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CHILD, file, String(firstId), String(GRANTS_PER_CHILD)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const acks = out.split('\n').filter((l) => l.startsWith('ack ')).length;
      if (timer === undefined && out.includes('ready\n') && acks >= afterAcks) timer = setTimeout(() => child.kill('SIGKILL'), extraMs);
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === null && code !== 0) return reject(new Error(`the grant loop failed (exit ${code}): ${err}`));
      const acks = out.split('\n').filter((l) => l.startsWith('ack ')).map((l) => {
        const [, id, level] = l.split(' ');
        return { id: Number(id), level: Number(level) };
      });
      resolvePromise({ acks, signal, finished: out.includes('done\n') });
    });
  });
}

describe('kill -9 during privilege saves', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('200 kills: the file always parses and no acknowledged grant is lost', async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` before the fault suite (the child process runs the built core)`);
    let killedMidRun = 0;
    let totalAcks = 0;
    const lane = async (n: number) => {
      const dir = await mkdtemp(join(tmpdir(), `botpy-kill9-${n}-`));
      dirs.push(dir);
      const file = join(dir, 'privileges.json');
      const acknowledged = new Map<number, number>();
      for (let k = 0; k < KILLS_PER_LANE; k++) {
        const run = await runChild(file, (k + 1) * 1000, Math.floor(Math.random() * 4), Math.random() * 15);
        if (!run.finished) killedMidRun++;
        for (const a of run.acks) acknowledged.set(a.id, a.level);
        totalAcks += run.acks.length;
        // the file must always parse (the repository validates it) and hold every acknowledged grant
        const data = await new JsonFilePrivilegeRepository(file).load().catch(async (e: Error) => {
          throw new Error(`after kill ${k} of lane ${n} the file does not load: ${e.message}\n${await readFile(file, 'utf8').catch(() => '')}`);
        });
        const stored = new Map(data.grants.map((g) => [g.userId, g.level]));
        const lost = [...acknowledged].filter(([id, level]) => stored.get(id) !== level);
        if (lost.length > 0) throw new Error(`after kill ${k} of lane ${n}, acknowledged grants are missing: ${JSON.stringify(lost.slice(0, 5))}`);
      }
    };
    await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n)));
    // the kills must really have interrupted the grant loops, and grants must have happened
    expect(killedMidRun).toBeGreaterThan(LANES * KILLS_PER_LANE * 0.9);
    expect(totalAcks).toBeGreaterThan(LANES * KILLS_PER_LANE * 1.2);
  }, 180_000);
});
