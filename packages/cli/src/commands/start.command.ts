import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { AppProcess, REBOOT_EXIT_CODE, nextShutdownSignal, resolveAppEntry } from '../app-process.js';
import { CliError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';

export interface StartCommandOptions {
  appDir: string;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The app's environment: `<appDir>/.env` (if present) under the given environment (which wins). */
export function appEnvironment(appDir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const envFile = path.join(appDir, '.env');
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/**
 * `botpy start`: runs the app's built entry on real Stack Exchange chat with the environment as
 * given (plus `<appDir>/.env`). Forwards SIGINT/SIGTERM so the bot stops gracefully, starts it
 * again when it reboots itself (`reboot`), and exits with the app's exit code.
 */
export async function runStartCommand(o: StartCommandOptions, ctx: CommandContext): Promise<number> {
  const appDir = path.resolve(o.appDir);
  const entry = resolveAppEntry(appDir);
  const env = appEnvironment(appDir, o.env ?? process.env);
  const missing = ['ChatbotEmail', 'ChatbotPass'].filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new CliError(
      'MISSING_CREDENTIALS',
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: export the bot account's login (see .env.example), ` +
        'or use `botpy dev` to run on the local emulator.',
    );
  }
  if (env.BOTPY_CHAT_ORIGIN) ctx.logger.warn({ chatOrigin: env.BOTPY_CHAT_ORIGIN }, 'BOTPY_CHAT_ORIGIN is set: the app talks to that server, not Stack Exchange');
  ctx.logger.info({ app: appDir, host: env.BOTPY_HOST ?? '(app default)', rooms: env.BOTPY_ROOMS ?? '(app default)' }, 'starting the app');
  const shutdown = nextShutdownSignal().then((signal) => ({ signal }));
  for (;;) {
    const app = new AppProcess(entry, { env: { ...env, BOTPY_REBOOT_EXIT_CODE: String(REBOOT_EXIT_CODE) }, cwd: appDir, logger: ctx.logger });
    const outcome = await Promise.race([app.exited.then((exit) => ({ exit })), shutdown]);
    const exit = 'exit' in outcome ? outcome.exit : await app.stop();
    if ('exit' in outcome && exit.code === REBOOT_EXIT_CODE) {
      // `reboot`: the app stopped gracefully and asks to be started again, under this process
      ctx.logger.info('the app asked to reboot: starting it again');
      continue;
    }
    if ('signal' in outcome) ctx.logger.info({ signal: outcome.signal }, 'stopped the app');
    else ctx.logger.info({ code: exit.code, signal: exit.signal }, 'the app exited');
    return exit.code ?? 1;
  }
}
