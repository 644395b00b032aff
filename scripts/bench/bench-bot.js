// A bot for the benchmarks: the real application (bootstrap + real chat client) with one command.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { bootstrap, Command } from '@botpy/core';

/** `echo *`: replies `echo <arg>` (plain JS, so the decorator is applied by hand). */
export class EchoCommand {
  run(ctx) {
    return ctx.reply(`echo ${ctx.args[0]}`);
  }
}
Command({ usage: ['echo *'], description: 'Replies with its argument.' })(EchoCommand);

export function roomIds(n) {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Bootstraps (not started) a bot on the emulator's origins. Logs at info level to /dev/null. */
export async function createBenchBot(origins, rooms, extra = {}) {
  const storageDir = await mkdtemp(join(tmpdir(), 'botpy-bench-'));
  const app = await bootstrap({
    name: 'TestBot',
    rooms,
    email: 'bot@example.com',
    password: 'botpass',
    origins,
    storageDir,
    commands: [EchoCommand],
    messages: { startup: null },
    logger: pino({ level: 'info' }, pino.destination('/dev/null')),
    ...extra,
  });
  return { app, cleanup: () => rm(storageDir, { recursive: true, force: true }) };
}
