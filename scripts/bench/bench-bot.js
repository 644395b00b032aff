// A bot for the benchmarks: the real application (bootstrap + real chat client) with one command.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { bootstrap, Command } from '@botpy/core';

/**
 * Bot-side latency of `echo` commands, measured with the bot's own clock: from the moment the
 * socket frame carrying the command arrived (the chat client's `event.receivedAt`) to the moment
 * the reply POST was answered by the server (`ctx.reply()` resolved). Samples are `{ seq, ms, at }`:
 * `seq` is the number echoed, `at` the frame's arrival (epoch ms).
 */
export const frameToReply = {
  recording: false,
  samples: [],
  /** replies whose triggering event was never seen (should stay 0) */
  unmatched: 0,
  receivedAt: new Map(),
  reset() {
    this.samples = [];
    this.unmatched = 0;
    this.receivedAt.clear();
    this.recording = true;
  },
};

const preciseNow = () => performance.timeOrigin + performance.now();

/** `echo *`: replies `echo <arg>` (plain JS, so the decorator is applied by hand). */
export class EchoCommand {
  run(ctx) {
    const p = ctx.reply(`echo ${ctx.args[0]}`);
    if (frameToReply.recording) {
      void p.then(
        () => {
          const done = preciseNow();
          const t0 = frameToReply.receivedAt.get(ctx.message.id);
          frameToReply.receivedAt.delete(ctx.message.id);
          if (t0 === undefined) frameToReply.unmatched++;
          else frameToReply.samples.push({ seq: Number(ctx.args[0]), ms: done - t0, at: t0 });
        },
        () => undefined,
      );
    }
    return p;
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
  // remember when each message's frame arrived (the chat client stamps every event)
  app.on('*', (e) => {
    if (frameToReply.recording && e.message && typeof e.event?.receivedAt === 'number') frameToReply.receivedAt.set(e.message.id, e.event.receivedAt);
  });
  return { app, cleanup: () => rm(storageDir, { recursive: true, force: true }) };
}
