import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type { ChatEmulator, ServerName } from '@botpy/emulator';
import { AppProcess, nextShutdownSignal, resolveAppEntry } from '../app-process.js';
import type { CommandContext } from '../command-context.js';
import { demoBotAccount, emulatorAppEnv, startEmulator } from '../emulator-session.js';
import { emulatorBanner } from './emulator.command.js';

export interface DevCommandOptions {
  appDir: string;
  port: number;
  loginPort: number;
  /** Default: stackoverflow. */
  server?: ServerName;
  /** How long to wait for the bot's socket before printing the invitation anyway. */
  readyTimeoutMs?: number;
}

/** The demo room the bot joins under `botpy dev`. */
export const DEV_ROOM = 1;

/** Waits until the bot has a chat socket open (it is listening), the app exits, or the time is up. */
async function waitForBot(emulator: ChatEmulator, app: AppProcess, timeoutMs: number): Promise<'ready' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!app.running) return 'exited';
    if (emulator.socketCount > 0) return 'ready';
    await sleep(100);
  }
  return 'timeout';
}

/**
 * `botpy dev`: starts the emulator with the demo world, then the app's built entry with the demo
 * bot account, and prints where to chat with it. Stops both on SIGINT/SIGTERM. When the app exits
 * on its own, the emulator keeps running (its transcript stays readable) until Ctrl-C.
 */
export async function runDevCommand(o: DevCommandOptions, ctx: CommandContext): Promise<number> {
  const appDir = path.resolve(o.appDir);
  const entry = resolveAppEntry(appDir);
  const emulator = await startEmulator({ port: o.port, loginPort: o.loginPort, world: 'demo', server: o.server });
  const account = demoBotAccount();
  const appEnv = emulatorAppEnv(emulator, account, [DEV_ROOM]);
  ctx.print([...emulatorBanner(emulator), `Starting ${path.relative(process.cwd(), entry) || entry} as ${account.name} in room ${DEV_ROOM}…`]);
  ctx.logger.info({ app: appDir, origin: emulator.origin, room: DEV_ROOM, account: account.name }, 'starting the app on the emulator');

  const app = new AppProcess(entry, { env: { ...process.env, ...appEnv }, cwd: appDir, logger: ctx.logger });
  const shutdown = nextShutdownSignal();
  const invitation = `Open ${emulator.origin}/emulator and type \`@${account.name} alive\``;
  void waitForBot(emulator, app, o.readyTimeoutMs ?? 60_000).then((state) => {
    if (state === 'ready') ctx.print([invitation]);
    else if (state === 'timeout') ctx.print([`The bot has not connected yet; when it has: ${invitation}`]);
  });
  let stopping = false;
  void app.exited.then((exit) => {
    if (!stopping) ctx.logger.warn({ code: exit.code, signal: exit.signal }, 'the app exited; the emulator keeps running (Ctrl-C to stop)');
  });

  const signal = await shutdown;
  stopping = true;
  ctx.logger.info({ signal }, 'stopping the app and the emulator');
  await app.stop();
  await emulator.stop();
  return 0;
}
