#!/usr/bin/env node
// `npm run soak`: the soak test of the fault suite, run for SOAK_SECONDS (default 300 s). Prints
// JSON lines: "soak-sample" every 5 s (the bot process's RSS raw and after a full GC, heap, open file descriptors; requests/s the emulator received) and a "soak" summary.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = process.env.SOAK_SECONDS ?? '300';
const r = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', 'tests/faults/soak.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SOAK_SECONDS: seconds },
});
process.exit(r.status ?? 1);
