import type { ServerName } from '@botpy/emulator';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Writable } from 'node:stream';
import { CliError } from './cli-error.js';
import { createCliLogger } from './cli-logger.js';
import type { CommandContext } from './command-context.js';
import { runDevCommand } from './commands/dev.command.js';
import { runEmulatorCommand } from './commands/emulator.command.js';
import { runStartCommand } from './commands/start.command.js';
import { DEFAULT_SERVER, SERVER_NAMES } from './emulator-session.js';

/** The emulator's default chat port (`--port`). */
export const DEFAULT_PORT = 4280;

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('a port is a number from 0 to 65535 (0 = any free port).');
  return port;
}

function defaultContext(stdout: Writable): CommandContext {
  return {
    logger: createCliLogger('botpy'),
    print: (lines) => void stdout.write(lines.map((l) => `${l}\n`).join('')),
  };
}

/**
 * Runs `botpy` with the given arguments (without `node` and the script) and resolves to the
 * exit code. Long-running commands (`emulator`, `dev`, `start`) resolve after SIGINT/SIGTERM.
 */
export async function runBotpyCli(
  args: string[],
  io: { stdout?: Writable; stderr?: Writable; context?: CommandContext } = {},
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let result: Promise<number> = Promise.resolve(0);
  const ctx = (): CommandContext => io.context ?? defaultContext(stdout);
  const withPorts = (c: Command) =>
    c
      .option('-p, --port <port>', 'chat server port on 127.0.0.1 (0 = any free port)', parsePort, DEFAULT_PORT)
      .option('--login-port <port>', 'login site port on 127.0.0.1 (default: any free port)', parsePort)
      .addOption(new Option('--server <name>', 'the chat server to emulate').choices(SERVER_NAMES).default(DEFAULT_SERVER));

  const program = new Command('botpy')
    .description('Run Botpy chat bots: on a local chat emulator (dev) or on Stack Exchange (start)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });

  withPorts(program.command('emulator').description('run the chat emulator (a local Stack Exchange chat with a browser page)'))
    .option('-w, --world <file>', 'world file (JSON: { users, rooms }); default: the demo world')
    .action((opts: { port: number; loginPort?: number; server: ServerName; world?: string }) => {
      result = runEmulatorCommand({ port: opts.port, loginPort: opts.loginPort ?? 0, server: opts.server, world: opts.world }, ctx());
    });

  withPorts(program.command('dev').description("run the app's dist/main.js on the emulator in room 1, as the demo world's bot account named after the app (data in <appDir>/.botpy-dev)"))
    .argument('[appDir]', 'the app directory', '.')
    .option('--watch', 'restart the app when dist/ changes (and run tsc -b --watch when the app has a tsconfig.json)')
    .action((appDir: string, opts: { port: number; loginPort?: number; server: ServerName; watch?: boolean }) => {
      result = runDevCommand({ appDir, port: opts.port, loginPort: opts.loginPort ?? 0, server: opts.server, watch: opts.watch === true }, ctx());
    });

  program
    .command('start')
    .description("run the app's dist/main.js on Stack Exchange chat with the environment as given (plus <appDir>/.env)")
    .argument('[appDir]', 'the app directory', '.')
    .action((appDir: string) => {
      result = runStartCommand({ appDir }, ctx());
    });

  program
    .command('import-botpyse')
    .description("import a BotpySE bot's data (privilege grants per room, known users, location.txt) into this bot's storage")
    .argument('<folder>', "BotpySE's storage folder (where <Bot_Name>_room_<id>_data and location.txt are)")
    .option('--name <name>', 'the bot name given to BotpySE (picks its files; also names the default storage folder)')
    .option('--storage <dir>', "this bot's storage folder (default: ~/.<name without spaces, lowercased>, as bootstrap() uses)")
    .addOption(new Option('--host <host>', 'the chat server the grants are for (BotpySE\'s host)').choices(['stackexchange.com', 'stackoverflow.com', 'meta.stackexchange.com']).default('stackexchange.com'))
    .option('--dry-run', 'show what would be imported; write nothing')
    .action((folder: string, opts: { name?: string; storage?: string; host: string; dryRun?: boolean }) => {
      // loaded on use: it brings @botpy/core, which the other commands do not need
      result = import('./commands/import-botpyse.command.js').then(({ runImportBotpyseCommand }) => runImportBotpyseCommand({ folder, ...(opts.name !== undefined ? { name: opts.name } : {}), ...(opts.storage !== undefined ? { storage: opts.storage } : {}), host: opts.host, dryRun: opts.dryRun === true }, ctx()));
    });

  try {
    await program.parseAsync(args, { from: 'user' });
    return await result;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
