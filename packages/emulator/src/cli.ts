#!/usr/bin/env node
import { CommanderError } from 'commander';
import { runCli } from './chat/run-cli.js';

try {
  const emu = await runCli(process.argv.slice(2));
  const stop = (): void => {
    void emu.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  process.stderr.write(`botpy-emulator: ${(err as Error).message}\n`);
  process.exit(1);
}
