import { ChatEmulator, DEMO_WORLD, type ServerName, type WorldFile } from '@botpy/emulator';
import { CliError } from './cli-error.js';

/** A chat account that can log in (has an email and a password). */
export interface Account {
  id: number;
  name: string;
  email: string;
  password: string;
}

/** The chat host a bot passes to `bootstrap({ host })` for an emulated server. */
export function hostOf(server: ServerName): string {
  return server === 'meta' ? 'meta.stackexchange.com' : `${server}.com`;
}

/** The accounts of a world that can log in, in file order. */
export function loginAccounts(world: WorldFile): Account[] {
  return world.users.flatMap((u) => (u.email && u.password ? [{ id: u.id, name: u.name, email: u.email, password: u.password }] : []));
}

/** The demo world's bot account (TestBot, id 100). */
export function demoBotAccount(): Account {
  const bot = loginAccounts(DEMO_WORLD).find((a) => a.name === 'TestBot') ?? loginAccounts(DEMO_WORLD).find((a) => a.id === 100);
  if (!bot) throw new Error('the emulator demo world has no TestBot account');
  return bot;
}

/** The emulated servers, by the name `--server` takes. */
export const SERVER_NAMES: readonly ServerName[] = ['stackexchange', 'stackoverflow', 'meta'];

/**
 * The server `botpy emulator`/`botpy dev` emulate by default: the emulator's own default,
 * stackoverflow (whose room 1 is the Sandbox the examples use). Apps get it as BOTPY_HOST.
 */
export const DEFAULT_SERVER: ServerName = 'stackoverflow';

/**
 * Seconds between idle frames on quiet sockets under `botpy emulator`/`dev`: a live server's socket
 * is rarely silent, and without them a client's watchdog (about 60 s) replaces the socket of a quiet room.
 */
export const IDLE_FRAME_SECONDS = 20;

/** Starts the chat emulator; a port already in use is a clear CliError. */
export async function startEmulator(o: { port: number; loginPort: number; world: WorldFile | 'demo'; server?: ServerName }): Promise<ChatEmulator> {
  try {
    return await ChatEmulator.start({
      port: o.port,
      loginPort: o.loginPort,
      world: o.world,
      server: o.server ?? DEFAULT_SERVER,
      policies: { idleFrameSeconds: IDLE_FRAME_SECONDS },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError('PORT_IN_USE', `Port ${(error as { port?: number }).port ?? o.port} on 127.0.0.1 is in use: pass --port <other> (0 picks a free one).`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The environment that points a Botpy app at the emulator as `account`, in `rooms`. BOTPY_ALIASES
 * carries the account's name, so a bot whose `name` differs still answers `@<account name>`.
 */
export function emulatorAppEnv(emulator: Pick<ChatEmulator, 'origin' | 'loginOrigin' | 'server'>, account: Account, rooms: number[]): Record<string, string> {
  return {
    ChatbotEmail: account.email,
    ChatbotPass: account.password,
    BOTPY_HOST: hostOf(emulator.server),
    BOTPY_ROOMS: rooms.join(','),
    BOTPY_CHAT_ORIGIN: emulator.origin,
    BOTPY_LOGIN_ORIGIN: emulator.loginOrigin,
    BOTPY_ALIASES: account.name,
  };
}
