import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { ChatEmulator } from './chat-emulator.js';
import { DEMO_WORLD } from './demo-world.js';
import { EmulatorError } from './emulator-error.js';
import type { ServerName, WorldFile } from './types.js';
import { parseWorldFile } from './world-file.js';

const SERVERS: ServerName[] = ['stackoverflow', 'stackexchange', 'meta'];

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

function server(value: string): ServerName {
  if (!SERVERS.includes(value as ServerName)) throw new InvalidArgumentError(`must be one of ${SERVERS.join(', ')}`);
  return value as ServerName;
}

/** Describes a running emulator: URLs, rooms, users and the credentials of accounts that can log in. */
export function describeEmulator(emu: ChatEmulator, world: WorldFile | null): string {
  const lines = [
    `SE chat emulator (${emu.server}) is running`,
    `  chat:        ${emu.origin}`,
    `  login site:  ${emu.loginOrigin}/users/login`,
    `  browser:     ${emu.origin}/emulator`,
    '',
    'Rooms:',
    ...emu.world.rooms().map((r) => `  ${r.id} "${r.name}"  owners: ${r.owners.map((o) => emu.world.user(o)?.name ?? o).join(', ') || '-'}`),
    '',
    'Users:',
  ];
  const creds = new Map((world ?? { users: [] }).users.map((u) => [u.id, u]));
  for (const u of emu.world.users()) {
    const c = creds.get(u.id);
    const login = c?.email && c.password ? `  email ${c.email}  password ${c.password}` : '';
    lines.push(`  ${u.id} ${u.name}${u.moderator ? ' (moderator)' : ''}${login}`);
  }
  return lines.join('\n');
}

/**
 * `botpy-emulator --port 4280 [--login-port N] [--world FILE] [--server stackoverflow]`.
 * Starts the emulator and prints what it serves; resolves with the running emulator.
 */
export async function runCli(argv: string[], print: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<ChatEmulator> {
  const program = new Command()
    .name('botpy-emulator')
    .description('A loopback Stack Exchange chat server (with its login site) for trying and testing chat bots')
    .option('--port <port>', 'chat server port on 127.0.0.1', port, 4280)
    .option('--login-port <port>', 'login site port on 127.0.0.1 (default: chat port + 1)', port)
    .option('--world <file>', 'JSON world: { "users": [{ "id", "name", "email", "password", "moderator" }], "rooms": [{ "id", "name", "owners" }] }')
    .option('--server <name>', `which chat server to emulate (${SERVERS.join(', ')})`, server, 'stackoverflow' as ServerName)
    .exitOverride()
    .configureOutput({ writeOut: (s) => print(s.trimEnd()), writeErr: (s) => print(s.trimEnd()) });
  program.parse(argv, { from: 'user' });
  const o = program.opts<{ port: number; loginPort?: number; world?: string; server: ServerName }>();
  let world: WorldFile | null = null;
  if (o.world) {
    let raw: string;
    try {
      raw = await readFile(o.world, 'utf8');
    } catch (err) {
      throw new EmulatorError('BAD_WORLD', `cannot read world file ${o.world}: ${(err as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new EmulatorError('BAD_WORLD', `world file ${o.world} is not JSON: ${(err as Error).message}`);
    }
    world = parseWorldFile(json);
  }
  const loginPort = o.loginPort ?? (o.port === 0 ? 0 : o.port + 1);
  let emu: ChatEmulator;
  try {
    emu = await ChatEmulator.start({ port: o.port, loginPort, server: o.server, world: world ?? 'demo' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const busy = (err as { port?: number }).port ?? o.port;
      const which = busy === loginPort && busy !== o.port ? '--login-port' : '--port';
      throw new EmulatorError('PORT_IN_USE', `port ${busy} on 127.0.0.1 is in use: pass ${which} <other> (0 picks a free one), or stop what uses it`);
    }
    throw err;
  }
  print(describeEmulator(emu, world ?? DEMO_WORLD));
  return emu;
}
