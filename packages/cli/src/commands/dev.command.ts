import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type { ChatEmulator, ServerName } from '@botpy/emulator';
import { SeApiEmulator } from '@botpy/emulator';
import { AppProcess, REBOOT_EXIT_CODE, nextShutdownSignal, resolveAppEntry } from '../app-process.js';
import { DistWatcher } from '../dist-watcher.js';
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
  /**
   * Restart the app when its build output (`dist/`) changes; when the app has a tsconfig.json and
   * TypeScript is installed for it, also run `tsc -b --watch` in it.
   */
  watch?: boolean;
  /** Quiet time after the last change in dist/ before restarting (default 300 ms). */
  restartDebounceMs?: number;
}

/** The demo room the bot joins under `botpy dev`. */
export const DEV_ROOM = 1;

/** Waits until the bot's account has a chat socket open (it is listening), the app exits, or the time is up. */
async function waitForBot(emulator: ChatEmulator, app: AppProcess, accountId: number, timeoutMs: number): Promise<'ready' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!app.running) return 'exited';
    if (emulator.socketCountOf(accountId) > 0) return 'ready';
    await sleep(100);
  }
  return 'timeout';
}

/** The folder `botpy dev` keeps the app's data in (grants, cookies): never the production `~/.<name>`. */
export const DEV_DATA_DIR = '.botpy-dev';

/**
 * `botpy dev`: starts the emulator with the demo world, then the app's built entry with the demo
 * bot account (renamed after the app when it reports its name), and prints where to chat with it.
 * The app keeps its data in `<appDir>/.botpy-dev/<server>`, reports what it does with each message
 * to the page's bot inspector (dev-hook.js), and is restarted under this process when it reboots
 * itself. Stops both on SIGINT/SIGTERM. When the app exits on its own, the emulator keeps running
 * (its transcript stays readable) until Ctrl-C.
 */
export async function runDevCommand(o: DevCommandOptions, ctx: CommandContext): Promise<number> {
  const appDir = path.resolve(o.appDir);
  const entry = resolveAppEntry(appDir);
  const emulator = await startEmulator({ port: o.port, loginPort: o.loginPort, world: 'demo', server: o.server });
  // the SE API and its realtime socket, for bots with @OnNewPost handlers (the page posts questions)
  const se = await SeApiEmulator.start({ port: 0 });
  emulator.attachSeApi(se);
  const account = demoBotAccount();
  const storageDir = path.join(appDir, DEV_DATA_DIR, emulator.server);
  const appEnv = {
    ...emulatorAppEnv(emulator, account, [DEV_ROOM]),
    BOTPY_STORAGE_DIR: storageDir,
    BOTPY_DEV_EMULATOR: emulator.origin,
    BOTPY_REBOOT_EXIT_CODE: String(REBOOT_EXIT_CODE),
    BOTPY_SE_API_ORIGIN: se.origin,
    BOTPY_SE_SOCKET_URL: se.socketUrl,
  };
  // the account takes the app's name (dev-hook.js reports it): no alias for the demo account's name
  delete (appEnv as Record<string, string>).BOTPY_ALIASES;
  const shown = path.relative(process.cwd(), entry) || entry;
  ctx.print([...emulatorBanner(emulator), `  SE API:      ${se.origin} (realtime ${se.socketUrl}; the chat page posts questions)`, `Starting ${shown} in room ${DEV_ROOM} (data in ${path.relative(process.cwd(), storageDir) || storageDir})…`]);
  ctx.logger.info({ app: appDir, origin: emulator.origin, room: DEV_ROOM, storageDir }, 'starting the app on the emulator');

  const hook = new URL('../dev-hook.js', import.meta.url).href;
  const launch = () => new AppProcess(entry, { env: { ...process.env, ...appEnv }, cwd: appDir, logger: ctx.logger, nodeArgs: ['--import', hook] });
  let app = launch();
  const shutdown = nextShutdownSignal();
  const invitation = () => {
    const name = (emulator.world.user(account.id)?.name ?? account.name).replace(/\s+/g, '');
    return `Open ${emulator.origin}/emulator and type \`@${name} alive\``;
  };
  const invite = (a: AppProcess, before: string[] = []) =>
    void waitForBot(emulator, a, account.id, o.readyTimeoutMs ?? 60_000).then((state) => {
      if (a !== app || stopping) return;
      if (state === 'ready') ctx.print([...before, invitation()]);
      else if (state === 'timeout') ctx.print([...before, `The bot has not connected yet; when it has: ${invitation()}`]);
    });
  let stopping = false;
  /** Apps this process stopped on purpose: their exit is no news. */
  const stoppedOnPurpose = new WeakSet<AppProcess>();
  let restarting: Promise<void> = Promise.resolve();
  const restart = (why: string) => {
    restarting = restarting.then(async () => {
      if (stopping) return;
      stoppedOnPurpose.add(app);
      await app.stop();
      if (stopping) return;
      app = launch();
      watchExit(app);
      invite(app, [why]);
    });
  };
  const watchExit = (a: AppProcess): void =>
    void a.exited.then((exit) => {
      if (stopping || a !== app || stoppedOnPurpose.has(a)) return;
      if (exit.code === REBOOT_EXIT_CODE) {
        ctx.logger.info('the app asked to reboot: starting it again');
        restart('The app rebooted: started it again.');
        return;
      }
      const next = o.watch ? 'it starts again on the next change in dist/' : 'the emulator keeps running (Ctrl-C to stop)';
      ctx.logger.warn({ code: exit.code, signal: exit.signal }, `the app exited; ${next}`);
    });
  watchExit(app);
  invite(app);

  let watcher: DistWatcher | null = null;
  let compiler: { child: ChildProcess; project: string } | null = null;
  if (o.watch) {
    compiler = startCompilerWatch(appDir, ctx);
    watcher = new DistWatcher(path.dirname(entry), (files) => {
      ctx.logger.info({ files }, 'dist/ changed');
      restart('Change in dist/: restarted the app.');
    }, o.restartDebounceMs ?? 300);
    ctx.print([`Watching ${path.relative(process.cwd(), path.dirname(entry)) || path.dirname(entry)} for changes${compiler ? ` (tsc -b ${compiler.project} --watch is running)` : ''}.`]);
  }

  const signal = await shutdown;
  stopping = true;
  ctx.logger.info({ signal }, 'stopping the app and the emulator');
  watcher?.close();
  compiler?.child.kill('SIGTERM');
  await restarting;
  await app.stop();
  await emulator.stop();
  await se.stop();
  return 0;
}

/**
 * `tsc -b <project> --watch` in the app directory when it has a tsconfig.build.json (what
 * create-botpy-app generates: tsconfig.json only type-checks) or a tsconfig.json, and TypeScript
 * resolves from there; null (with a note) otherwise, when only dist/ is watched.
 */
function startCompilerWatch(appDir: string, ctx: CommandContext): { child: ChildProcess; project: string } | null {
  const project = ['tsconfig.build.json', 'tsconfig.json'].find((f) => existsSync(path.join(appDir, f)));
  if (!project) return null;
  let tsc: string;
  try {
    tsc = createRequire(path.join(appDir, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    ctx.print(['TypeScript is not installed for this app: run your compiler in watch mode yourself; dist/ is watched.']);
    return null;
  }
  const child = spawn(process.execPath, [tsc, '-b', project, '--watch', '--preserveWatchOutput'], { cwd: appDir, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('error', (err) => ctx.logger.warn({ err }, 'could not start tsc --watch'));
  // never leave the compiler behind, however this process ends
  const kill = () => child.kill('SIGTERM');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return { child, project };
}
