// One bot instance for three-processes.test.ts: the BUILT @botpy/core (packages/core/dist and
// packages/redis/dist; run `npx tsc -b packages/core packages/redis` first), bootstrapped with the
// built-in commands plus `slow` (replies after 1.5 s, to catch a reply posted after a pause), all
// instances sharing one chat account, one Redis lease and one Redis store.
//
// Config: env BOTPY_TEST_INSTANCE = JSON { label, email, password, chatOrigin, loginOrigin,
// storageDir, cookieFile, redisUrl, priority, lease, renewEvery }.
// stdout: one JSON object per line, { t: epoch ms, ev, ... }:
//   { ev: 'role', role, token }          each role change of the coordinator
//   { ev: 'started', role }               after app.start() resolved
//   { ev: 'handled', messageId, outcome, sentIds }   each message of a configured room, once handled
//   { ev: 'fatal', message }              start failed (the process then exits 1)
// stderr: the bot's own JSON log lines (BOTPY_LOG_FORMAT=json).
// The process ends when its stdin closes, so a crashed test run leaves no bot behind.
import { bootstrap, Command, Coordinator } from '@botpy/core';

const cfg = JSON.parse(process.env.BOTPY_TEST_INSTANCE ?? 'null');
if (!cfg) {
  process.stderr.write('bot-process.mjs: set BOTPY_TEST_INSTANCE (JSON)\n');
  process.exit(2);
}
const emit = (o) => process.stdout.write(`${JSON.stringify({ t: Date.now(), ...o })}\n`);

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

class SlowCommand {
  async run(ctx) {
    await new Promise((r) => setTimeout(r, 1500));
    await ctx.reply(`slow done by ${cfg.label}`);
  }
}
Command({ usage: ['slow'], description: 'replies after 1.5 s' })(SlowCommand);

try {
  const app = await bootstrap({
    name: 'TestBot',
    rooms: [1],
    email: cfg.email,
    password: cfg.password,
    origins: { chat: cfg.chatOrigin, login: cfg.loginOrigin },
    storageDir: cfg.storageDir,
    chat: { cookieFile: cfg.cookieFile },
    commands: [SlowCommand],
    defaultCommands: true,
    privileges: [
      { level: 1, name: 'regular' },
      { level: 2, name: 'owner' },
    ],
    roomOwnersMax: true,
    location: cfg.label,
    messages: {
      startup: `${cfg.label} started`,
      standby: `${cfg.label} is on standby`,
      failover: `${cfg.label} took over`,
    },
    coordination: {
      redis: {
        url: cfg.redisUrl,
        priority: cfg.priority,
        location: cfg.label,
        lease: cfg.lease,
        renewEvery: cfg.renewEvery,
        commandTimeoutMs: cfg.commandTimeoutMs ?? 500,
        ...(cfg.retryFor !== undefined ? { retryFor: cfg.retryFor } : {}),
      },
    },
    env: {}, // configuration comes from BOTPY_TEST_INSTANCE only
  });
  const coordinator = app.container.resolve(Coordinator);
  coordinator.onRoleChange((role) => emit({ ev: 'role', role, token: coordinator.token ?? null }));
  app.onMessageHandled((h) => emit({ ev: 'handled', messageId: h.messageId, outcome: h.outcome, sentIds: h.sentIds }));
  await app.start();
  emit({ ev: 'started', role: coordinator.role });
} catch (err) {
  emit({ ev: 'fatal', message: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
  process.exit(1);
}
