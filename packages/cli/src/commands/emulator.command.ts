import type { ChatEmulator } from '@botpy/emulator';
import { DEMO_WORLD, type ServerName } from '@botpy/emulator';
import { nextShutdownSignal } from '../app-process.js';
import { emulatorAppEnv, hostOf, loginAccounts, startEmulator, type Account } from '../emulator-session.js';
import type { CommandContext } from '../command-context.js';
import { loadWorldFile } from '../world-file.js';

export interface EmulatorCommandOptions {
  port: number;
  loginPort: number;
  /** A world file (JSON); default: the demo world. */
  world?: string;
  /** Default: stackoverflow. */
  server?: ServerName;
}

/** The lines that tell a person where the emulator is. */
export function emulatorBanner(emulator: Pick<ChatEmulator, 'origin' | 'loginOrigin' | 'server'>): string[] {
  return [
    `Chat emulator (${hostOf(emulator.server)}) is running:`,
    `  Chat page:   ${emulator.origin}/emulator`,
    `  Chat server: ${emulator.origin}`,
    `  Login site:  ${emulator.loginOrigin}`,
  ];
}

/** The environment lines a person copies to run a bot on the emulator as `account`. */
export function accountLines(emulator: Pick<ChatEmulator, 'origin' | 'loginOrigin' | 'server'>, account: Account, rooms: number[]): string[] {
  const env = emulatorAppEnv(emulator, account, rooms);
  return [`  ${account.name} (id ${account.id}):`, ...Object.entries(env).map(([k, v]) => `    ${k}=${v}`)];
}

/** `botpy emulator`: runs the chat emulator until SIGINT/SIGTERM. */
export async function runEmulatorCommand(o: EmulatorCommandOptions, ctx: CommandContext): Promise<number> {
  const world = o.world ? await loadWorldFile(o.world) : 'demo';
  const file = world === 'demo' ? DEMO_WORLD : world;
  const emulator = await startEmulator({ port: o.port, loginPort: o.loginPort, world, server: o.server });
  const rooms = file.rooms.map((r) => r.id);
  const accounts = world === 'demo' ? loginAccounts(file).filter((a) => a.name === 'TestBot') : loginAccounts(file);
  const lines = [...emulatorBanner(emulator)];
  if (accounts.length > 0) {
    lines.push(world === 'demo' ? 'Bot account of the demo world (these are demo credentials, not secrets):' : 'Accounts with a password in this world:');
    for (const account of accounts) lines.push(...accountLines(emulator, account, rooms.slice(0, 1)));
  }
  lines.push('Press Ctrl-C to stop.');
  ctx.print(lines);
  ctx.logger.info({ origin: emulator.origin, loginOrigin: emulator.loginOrigin, world: o.world ?? 'demo' }, 'emulator started');
  const signal = await nextShutdownSignal();
  ctx.logger.info({ signal }, 'stopping the emulator');
  await emulator.stop();
  return 0;
}
