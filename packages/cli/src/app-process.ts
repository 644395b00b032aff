import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { CliError } from './cli-error.js';

/** The built entry point of a Botpy app: `<appDir>/dist/main.js`. */
export function resolveAppEntry(appDir: string): string {
  const dir = path.resolve(appDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError('APP_NOT_FOUND', `App directory ${dir} does not exist.`);
  const entry = path.join(dir, 'dist', 'main.js');
  if (!existsSync(entry)) {
    throw new CliError('APP_NOT_BUILT', `${entry} not found: build the app first (\`npm run build\` in ${dir}).`);
  }
  return entry;
}

/**
 * The exit code a supervised app uses to ask for a restart: `botpy dev` and `botpy start` pass it
 * as BOTPY_REBOOT_EXIT_CODE, and core's `reboot()` exits with it instead of re-executing itself,
 * so the new process stays under the CLI (and Ctrl-C stops it).
 */
export const REBOOT_EXIT_CODE = 75;

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running app process (stdio shared with this one). */
export class AppProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<AppExit>;
  private exit: AppExit | null = null;

  constructor(entry: string, o: { env: NodeJS.ProcessEnv; cwd: string; nodeArgs?: string[]; logger: Logger }) {
    this.child = spawn(process.execPath, [...(o.nodeArgs ?? []), entry], { cwd: o.cwd, env: o.env, stdio: 'inherit' });
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        o.logger.error({ err: error }, 'could not start the app');
        this.exit = { code: 1, signal: null };
        resolve(this.exit);
      });
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Asks the app to stop (SIGTERM: it stops gracefully), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<AppExit> {
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Resolves with the first SIGINT or SIGTERM this process receives (listeners removed afterwards). */
export function nextShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
