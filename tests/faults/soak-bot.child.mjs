// The bot of soak.test.ts, in a process of its own so that its memory, file descriptors and
// requests are measured apart from the emulator's (and from jest's): the BUILT @botpy/core
// (packages/core/dist; the test runs `tsc -b packages/core` first), bootstrapped with an `echo`
// command and a background task that posts a line every 2 seconds.
//
// Config: env SOAK_BOT = JSON { email, password, chatOrigin, loginOrigin, storageDir }.
// stdout: one JSON object per line, { t: epoch ms, ev, ... }:
//   { ev: 'started' }                                 after app.start() resolved
//   { ev: 'handled', messageId, outcome, sentIds }    each message of room 1, once handled
//   { ev: 'gc-mem', rssMb, heapMb, … }                after a line 'gc' on stdin: a full GC, then the memory figures
//   { ev: 'fatal', message }                          start failed (the process then exits 1)
// stderr: the bot's JSON log lines at warn level and above.
// The process ends when its stdin closes (after a bounded stop), so a crashed test leaves no bot behind.
import { bootstrap, BackgroundTask, Command } from '@botpy/core';

const cfg = JSON.parse(process.env.SOAK_BOT ?? 'null');
if (!cfg) {
  process.stderr.write('soak-bot.child.mjs: set SOAK_BOT (JSON)\n');
  process.exit(2);
}
const emit = (o) => process.stdout.write(`${JSON.stringify({ t: Date.now(), ...o })}\n`);

class EchoCommand {
  async run(ctx) {
    await ctx.reply(ctx.args.join(' '));
  }
}
Command({ usage: ['echo * ...'], description: 'says it back' })(EchoCommand);

let ticks = 0;
class TickTask {
  async run() {
    ticks++;
    await app.send(1, `bot line ${ticks}`).catch(() => undefined);
  }
}
BackgroundTask({ interval: 2 })(TickTask);

let app;
try {
  app = await bootstrap({
    name: 'TestBot',
    rooms: [1],
    email: cfg.email,
    password: cfg.password,
    origins: { chat: cfg.chatOrigin, login: cfg.loginOrigin },
    storageDir: cfg.storageDir,
    commands: [EchoCommand],
    tasks: [TickTask],
    messages: { startup: 'soak bot up' },
    drainTimeout: 5,
    chat: {
      socket: { backoff: { minMs: 100, maxMs: 1_000 }, stableMs: 2_000, pollFallbackMs: 500, watchdogMs: 5_000 },
      queue: { maxThrottleWaitMs: 2_000, retryBaseMs: 200, maxRetries: 4 },
    },
    env: {},
  });
  app.onMessageHandled((h) => emit({ ev: 'handled', messageId: h.messageId, outcome: h.outcome, sentIds: h.sentIds }));
  await app.start();
  emit({ ev: 'started' });
} catch (err) {
  emit({ ev: 'fatal', message: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
  process.exit(1);
}
const MB = 2 ** 20;
const mem = (ev) => {
  const m = process.memoryUsage();
  emit({ ev, rssMb: Math.round(m.rss / MB), heapMb: Math.round((m.heapUsed / MB) * 10) / 10, heapTotalMb: Math.round(m.heapTotal / MB), externalMb: Math.round(m.external / MB), arrayBuffersMb: Math.round(m.arrayBuffers / MB) });
};
// a line "gc" on stdin: a full garbage collection (the process runs with --expose-gc), then a
// 'gc-mem' line — what is still resident once the garbage is gone, i.e. what a leak would grow
let pending = '';
process.stdin.on('data', (d) => {
  pending += d.toString();
  let i;
  while ((i = pending.indexOf('\n')) >= 0) {
    const cmd = pending.slice(0, i).trim();
    pending = pending.slice(i + 1);
    if (cmd === 'gc') {
      globalThis.gc?.();
      mem('gc-mem');
    }
  }
});

const quit = async () => {
  await Promise.race([app.stop(), new Promise((r) => setTimeout(r, 10_000))]);
  process.exit(0);
};
process.stdin.on('end', quit);
process.stdin.on('error', quit);
process.stdin.resume();
