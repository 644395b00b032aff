// A bot for the benchmarks: the real application (bootstrap + real chat client) with one command.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dc from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { bootstrap, Command } from '@botpy/core';

/**
 * Bot-side latency of `echo` commands, measured with the bot's own clock from the moment the socket
 * frame carrying the command arrived (the chat client's `event.receivedAt`):
 *  - `toPost`: until the reply's HTTP POST is issued (Node's `http.client.request.start` diagnostics
 *    channel): the framework's own latency — parsing, addressing, routing, the privilege check, the
 *    command and the send queue;
 *  - `toAnswer`: until that POST was answered (`ctx.reply()` resolved): adds the server's time.
 * Samples are `{ seq, toPost, toAnswer, at }`: `seq` is the number echoed, `at` the frame's arrival
 * (epoch ms).
 *
 * Matching a POST to its command: the send queue has at most one write in flight per room, so a
 * reply POST starting in room R belongs to R's oldest command whose reply has not resolved yet (a
 * retried POST keeps its first start time).
 */
export const frameToReply = {
  recording: false,
  samples: [],
  /** replies whose triggering event, or whose POST, was never seen (should stay 0) */
  unmatched: 0,
  receivedAt: new Map(),
  /** room → commands whose reply has not resolved yet, oldest first */
  pending: new Map(),
  reset() {
    this.samples = [];
    this.unmatched = 0;
    this.receivedAt.clear();
    this.pending.clear();
    this.recording = true;
  },
};

const preciseNow = () => performance.timeOrigin + performance.now();
const REPLY_PATH = /^\/chats\/(\d+)\/messages\/new/;

dc.subscribe('http.client.request.start', ({ request }) => {
  if (!frameToReply.recording) return;
  const hit = REPLY_PATH.exec(request.path);
  const head = hit ? frameToReply.pending.get(Number(hit[1]))?.[0] : undefined;
  if (head && head.postAt === undefined) head.postAt = preciseNow();
});

/** `echo *`: replies `echo <arg>` (plain JS, so the decorator is applied by hand). */
export class EchoCommand {
  run(ctx) {
    if (!frameToReply.recording) return ctx.reply(`echo ${ctx.args[0]}`);
    const room = ctx.message.room.id;
    const entry = { seq: Number(ctx.args[0]), t0: frameToReply.receivedAt.get(ctx.message.id), postAt: undefined };
    frameToReply.receivedAt.delete(ctx.message.id);
    let list = frameToReply.pending.get(room);
    if (!list) frameToReply.pending.set(room, (list = []));
    list.push(entry);
    const p = ctx.reply(`echo ${ctx.args[0]}`);
    const done = () => {
      const at = preciseNow();
      const i = list.indexOf(entry);
      if (i !== -1) list.splice(i, 1);
      if (entry.t0 === undefined || entry.postAt === undefined) frameToReply.unmatched++;
      else frameToReply.samples.push({ seq: entry.seq, toPost: entry.postAt - entry.t0, toAnswer: at - entry.t0, at: entry.t0 });
    };
    void p.then(done, done);
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
