// One bot instance for two-processes.test.ts: the BUILT @botpy/core (packages/core/dist, run
// `npx tsc -b packages/core` first), bootstrapped with the built-in commands only, pointed at a
// ChatEmulator and a RedundaEmulator of the test process. Plain ESM on purpose: tsx/esbuild would
// lose the decorator metadata the built-in commands need.
//
// Config: env BOTPY_TEST_INSTANCE = JSON { label, email, password, chatOrigin, loginOrigin,
// storageDir, cookieFile, redundaOrigin, key, pingInterval }.
// stdout: one JSON object per line, { t: epoch ms, ev, ... }:
//   { ev: 'role', role: 'active' | 'standby' }  each role change Redunda reports
//   { ev: 'started', role }                       after app.start() resolved
//   { ev: 'fatal', message }                       start failed (the process then exits 1)
// stderr: the bot's own JSON log lines (BOTPY_LOG_FORMAT=json).
// The process ends when its stdin closes, so a crashed test run leaves no bot behind.
import { bootstrap } from '@botpy/core';

const cfg = JSON.parse(process.env.BOTPY_TEST_INSTANCE ?? 'null');
if (!cfg) {
  process.stderr.write('bot-process.mjs: set BOTPY_TEST_INSTANCE (JSON)\n');
  process.exit(2);
}
const emit = (o) => process.stdout.write(`${JSON.stringify({ t: Date.now(), ...o })}\n`);

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

try {
  const app = await bootstrap({
    name: 'TestBot',
    rooms: [1],
    email: cfg.email,
    password: cfg.password,
    origins: { chat: cfg.chatOrigin, login: cfg.loginOrigin },
    storageDir: cfg.storageDir,
    chat: { cookieFile: cfg.cookieFile },
    defaultCommands: true,
    privileges: [
      { level: 1, name: 'regular' },
      { level: 2, name: 'owner' },
    ],
    roomOwnersMax: true,
    messages: {
      startup: `${cfg.label} started`,
      standby: `${cfg.label} is on standby`,
      failover: `${cfg.label} took over`,
    },
    redunda: {
      key: cfg.key,
      version: `two-processes-${cfg.label}`,
      origin: cfg.redundaOrigin,
      pingInterval: cfg.pingInterval,
    },
    env: {}, // configuration comes from BOTPY_TEST_INSTANCE only
  });
  app.redunda.on('active', () => emit({ ev: 'role', role: 'active' }));
  app.redunda.on('standby', () => emit({ ev: 'role', role: 'standby' }));
  await app.start();
  emit({ ev: 'started', role: app.atStandby ? 'standby' : 'active' });
} catch (err) {
  emit({ ev: 'fatal', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
