import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { container as rootContainer } from './commonjs-packages.js';
import type { Logger as PinoLogger } from 'pino';
import { createLogger } from './logging/create-logger.js';
import { BotApplication } from './bot-application.js';
import type { BootstrapOptions } from './bot-options.js';
import { defaultCommands as builtins } from './commands/builtin/default-commands.js';
import type { RegisteredCommand } from './commands/command-manager.js';
import { CommandRouter } from './commands/command-router.js';
import { ArgTypes } from './commands/args/arg-types.js';
import { parseUsagePattern } from './commands/usage-pattern.js';
import type { CommandClass } from './decorators/command.decorator.js';
import { resolveGuard, toRegisteredCommand } from './commands/command-registration.js';
import { appScope, resolveCoordinator, resolveStorage } from './app/ports.js';
import { withRedisCoordination } from './coordination/redis-coordination.js';
import { getBackgroundTaskMetadata } from './decorators/background-task.decorator.js';
import { getEventHandlers } from './decorators/on-event.decorator.js';
import { getRedundaEventHandlers } from './decorators/on-redunda-event.decorator.js';
import { getNewPostHandlers } from './decorators/on-new-post.decorator.js';
import { registerSeApi } from './se-api/register-se-api.js';
import { assertDecoratorMetadata } from './decorators/decorator-metadata-check.js';
import { ConfigError } from './errors.js';
import { StoragePrivilegeRepository } from './privileges/storage-privilege-repository.js';
import { PrivilegeService } from './privileges/privilege-service.js';
import { FixedDelayScheduler } from './scheduler/fixed-delay-scheduler.js';
import { reexecProcess } from './lifecycle/reexec.js';
import { attachDevChannel } from './dev/dev-channel.js';
import { checkBootstrapOptions, checkHost, checkReplyData, missingCredentials } from './bootstrap-checks.js';
import { ChatTransport, Coordinator, Logger, PrivilegeRepository, RedundaService, Scheduler, StopConfirmation, Storage } from './tokens.js';
import { SeChatTransport } from './transport/se-chat-transport.js';
import { ErrorLog } from './reporting/error-log.js';
import { resolveErrorReports } from './reporting/error-report-options.js';
import { attachErrorNotifier, createErrorLog } from './reporting/error-reporting.js';

const DEFAULT_COMMAND_TIMEOUT_S = 60;
const DEFAULT_HOUSEKEEPING_S = 300;
const DEFAULT_STOP_GRACE_S = 10;
const DEFAULT_DRAIN_TIMEOUT_S = 10;

/**
 * The one assembly point: validates the options and every decorated class, builds a child
 * container with the app's services under their tokens, compiles the usage patterns (bad or
 * duplicate ones throw here, naming the classes) and returns the application, not yet started.
 */
export async function bootstrap(options: BootstrapOptions): Promise<BotApplication> {
  if (typeof options === 'object' && options !== null) checkBootstrapOptions(options, builtins);
  let o = applyEnvironment(options);
  if (typeof o?.name !== 'string' || o.name.replace(/\s+/g, '').length < 3) throw new ConfigError('name must have at least 3 non-space characters');
  if (!Array.isArray(o.rooms) || o.rooms.length === 0 || !o.rooms.every((r) => Number.isInteger(r) && r > 0)) {
    throw new ConfigError('rooms must be a non-empty list of room ids (positive integers)');
  }
  const host = checkHost(o.host ?? 'stackexchange.com', Boolean((options.env ?? process.env).BOTPY_HOST));
  const reports = resolveErrorReports(o.errorReports, o.rooms);
  const logger: PinoLogger = o.logger ?? createLogger({ name: o.name });
  const c = (o.container ?? rootContainer).createChildContainer();
  const storageDir = resolve(o.storageDir ?? join(homedir(), `.${o.name.replace(/\s+/g, '').toLowerCase()}`));
  const seconds = (v: number | undefined, d: number, what: string) => {
    const s = v ?? d;
    if (typeof s !== 'number' || !(s > 0) || !Number.isFinite(s)) throw new ConfigError(`${what} must be a positive number of seconds`);
    return s * 1000;
  };
  const commandTimeoutMs = seconds(o.commandTimeout, DEFAULT_COMMAND_TIMEOUT_S, 'commandTimeout');

  // Storage (the JSON-file store in storageDir unless another is given) and privileges: levels from the options, grants from the repository.
  // coordination.redis (or BOTPY_REDIS_URL): the lease as the coordinator, Redis as the storage (loaded only when configured)
  o = await withRedisCoordination(o, host, logger);
  const portContext = { name: o.name, host, scope: appScope(o.name, host), storageDir, logger };
  const storage = await resolveStorage(o, c, portContext);
  const repository = c.isRegistered(PrivilegeRepository, true) ? c.resolve(PrivilegeRepository) : new StoragePrivilegeRepository(storage, host);
  const privileges = new PrivilegeService(repository);
  for (const l of o.privileges ?? []) privileges.addLevel(l.level, l.name);

  // Services under their tokens (registered ones in the parent container win), so guards and commands can inject them.
  const transport = o.transport ?? (c.isRegistered(ChatTransport, true) ? c.resolve(ChatTransport) : createSeTransport(o, host, storageDir, logger));
  const scheduler = c.isRegistered(Scheduler, true) ? c.resolve(Scheduler) : new FixedDelayScheduler(logger);
  const { coordinator, redunda } = await resolveCoordinator(o, c, { ...portContext, storage }, logger);
  // a location brought along from BotpySE (`botpy import-botpyse` stores location.txt) when the options give none
  const stored = o.location === undefined ? await storage.read<{ location?: unknown }>('', 'location').catch(() => undefined) : undefined;
  c.registerInstance(Logger, logger);
  c.registerInstance(ChatTransport, transport);
  c.registerInstance(Storage, storage);
  c.registerInstance(PrivilegeRepository, repository);
  c.registerInstance(Scheduler, scheduler);
  c.registerInstance(Coordinator, coordinator);
  if (redunda) c.registerInstance(RedundaService, redunda);
  c.registerInstance(PrivilegeService, privileges);
  const errors = createErrorLog(o, reports);
  c.registerInstance(ErrorLog, errors);
  const postWatch = await registerSeApi(c, o, logger);

  // Commands: built-ins first, then the app's own (a class listed twice was refused above).
  const defaults = o.defaultCommands === undefined || o.defaultCommands === true ? builtins : o.defaultCommands === false ? [] : o.defaultCommands;
  const classes = [...new Set<CommandClass>([...defaults, ...(o.commands ?? [])])];
  const router = new CommandRouter<RegisteredCommand>();
  const argTypes = new ArgTypes(o.argTypes ?? {});
  c.registerInstance(ArgTypes, argTypes);
  const overrides = new Map((o.commandPrivileges ?? []).map((x) => [x.command, x.privilege] as const));
  for (const type of overrides.keys()) if (!classes.includes(type)) throw new ConfigError(`commandPrivileges names ${type?.name}, which is not a registered command`);
  for (const type of classes) {
    const reg = toRegisteredCommand(type, commandTimeoutMs, c, overrides.get(type));
    router.add(reg);
    for (const u of reg.usages) argTypes.check(reg.name, u, parseUsagePattern(u).slots);
    if (typeof reg.privilege === 'number' && reg.privilege > privileges.topLevel) {
      logger.warn(`${reg.name} requires privilege level ${reg.privilege}, above every defined level: nobody can run it`);
    }
  }
  if (o.guards !== undefined && !Array.isArray(o.guards)) throw new ConfigError('guards must be a list of guards');
  const guards = (o.guards ?? []).map((g) => resolveGuard(g, c, 'guards'));
  const topWithoutLevels = o.topCommandsWithoutLevels ?? 'room-owners';
  if (topWithoutLevels !== 'room-owners' && topWithoutLevels !== 'anyone') throw new ConfigError(`topCommandsWithoutLevels must be 'room-owners' or 'anyone', got ${JSON.stringify(topWithoutLevels)}`);
  if (privileges.topLevel === 0 && router.commands.some((c) => c.privilege === 'top')) {
    if (topWithoutLevels === 'anyone') logger.warn('no privilege levels are defined: commands that need the top level (stop, reboot, privilege) can be run by anyone');
    else logger.info('no privilege levels are defined: commands that need the top level (stop, reboot, privilege) are for room owners only');
  }
  for (const t of o.tasks ?? []) {
    if (!getBackgroundTaskMetadata(t)) throw new ConfigError(`${t?.name ?? String(t)} in tasks is not decorated with @BackgroundTask`);
  }
  for (const h of o.handlers ?? []) {
    if (getEventHandlers(h).length === 0 && getRedundaEventHandlers(h).length === 0 && getNewPostHandlers(h).length === 0) {
      throw new ConfigError(`${h?.name ?? String(h)} in handlers has no @OnEvent, @OnRedundaEvent or @OnNewPost method`);
    }
  }
  assertDecoratorMetadata({ commands: classes, tasks: o.tasks, handlers: o.handlers });

  if (o.confirmStop !== undefined && typeof o.confirmStop !== 'boolean') throw new ConfigError('confirmStop must be true or false');
  c.registerInstance(StopConfirmation, { required: o.confirmStop === true });
  const replyData = checkReplyData(o.replyData);
  const m = o.messages ?? {};
  const app = new BotApplication({
    name: o.name, rooms: [...o.rooms], aliases: [...(o.aliases ?? [])], storageDir, container: c, transport, privileges, scheduler,
    storage, coordinator, redunda, router, guards, logger, commandTimeoutMs,
    housekeepingIntervalMs: seconds(o.housekeepingInterval, DEFAULT_HOUSEKEEPING_S, 'housekeepingInterval'),
    stopGraceMs: seconds(o.stopGrace, DEFAULT_STOP_GRACE_S, 'stopGrace'),
    drainTimeoutMs: seconds(o.drainTimeout, DEFAULT_DRAIN_TIMEOUT_S, 'drainTimeout'),
    roomOwnersMax: o.roomOwnersMax ?? false,
    topCommandsWithoutLevels: topWithoutLevels,
    signals: o.handleSignals === true ? process : o.handleSignals ? o.handleSignals : null,
    reexec: o.reexec ?? (() => reexecProcess()),
    location: o.location ?? (typeof stored?.location === 'string' ? stored.location : hostname()),
    health: o.health ?? null,
    replyData,
    errors,
    messages: {
      startup: m.startup === undefined ? '{name} started.' : m.startup,
      standby: m.standby === undefined ? '{name} is on standby.' : m.standby,
      failover: m.failover === undefined ? '{name} is active (failover).' : m.failover,
      unknownCommand: m.unknownCommand === undefined ? `I don't know that command. Try "@${o.name.replace(/\s+/g, '')} help".` : m.unknownCommand,
      commandError: m.commandError ?? 'Sorry, that command failed; the error was logged.',
    },
  });
  c.registerInstance(BotApplication, app);
  for (const a of o.aliases ?? []) if (a.replace(/\s+/g, '').length < 3) throw new ConfigError(`alias "${a}" must have at least 3 non-space characters`);
  for (const h of o.handlers ?? []) {
    const handler = c.resolve(h);
    app.registerHandler(handler);
    postWatch?.add(handler);
  }
  postWatch?.attach(app); // the feed runs while the app is running and active
  for (const t of o.tasks ?? []) app.addBackgroundTask(t);
  attachErrorNotifier(app, errors, reports, logger);
  attachDevChannel(app);
  return app;
}

/** Applies the BOTPY_* overrides and the credential defaults of the environment (see BootstrapOptions.env). */
function applyEnvironment(options: BootstrapOptions): BootstrapOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigError('bootstrap needs an options object');
  const env = options.env ?? process.env;
  const o: BootstrapOptions = { ...options, email: options.email ?? env.ChatbotEmail, password: options.password ?? env.ChatbotPass };
  if (env.BOTPY_HOST) o.host = env.BOTPY_HOST as BootstrapOptions['host'];
  if (env.BOTPY_STORAGE_DIR) o.storageDir = env.BOTPY_STORAGE_DIR;
  if (env.BOTPY_ROOMS) {
    o.rooms = env.BOTPY_ROOMS.split(',').map((r) => Number(r.trim()));
    if (!o.rooms.every((r) => Number.isInteger(r) && r > 0)) throw new ConfigError(`BOTPY_ROOMS must be a comma list of room ids, got "${env.BOTPY_ROOMS}"`);
  }
  if (env.BOTPY_CHAT_ORIGIN || env.BOTPY_LOGIN_ORIGIN) {
    if (!env.BOTPY_CHAT_ORIGIN || !env.BOTPY_LOGIN_ORIGIN) throw new ConfigError('set both BOTPY_CHAT_ORIGIN and BOTPY_LOGIN_ORIGIN, or neither');
    o.origins = { chat: env.BOTPY_CHAT_ORIGIN, login: env.BOTPY_LOGIN_ORIGIN };
  }
  if (env.BOTPY_ALIASES) {
    const extra = env.BOTPY_ALIASES.split(',').map((a) => a.trim()).filter((a) => a.length > 0 && a !== options.name);
    o.aliases = [...(options.aliases ?? []), ...extra];
  }
  return o;
}

/** The chat cookie jar's file in the storage directory (mode 0600). */
export const COOKIE_FILE = 'cookies.json';

function createSeTransport(o: BootstrapOptions, host: NonNullable<BootstrapOptions['host']>, storageDir: string, logger: PinoLogger): SeChatTransport {
  const { email, password } = o;
  const missing = missingCredentials(email, password);
  if (missing !== null || !email || !password) throw new ConfigError(missing ?? 'no chat credentials');
  // Cookies are reused across starts by default: a password login on every start invites a CAPTCHA.
  const cookieFile = o.chat?.cookieFile === false ? undefined : (o.chat?.cookieFile ?? join(storageDir, COOKIE_FILE));
  return new SeChatTransport({ host, email, password, origins: o.origins, logger, cookieFile, socket: o.chat?.socket, userAgent: o.chat?.userAgent, ...(o.chat?.queue ? { queue: o.chat.queue } : {}) });
}
