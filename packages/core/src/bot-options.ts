import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { CommandClass } from './decorators/command.decorator.js';
import type { BackgroundTaskClass } from './decorators/background-task.decorator.js';
import type { PrivilegeLevel } from './privileges/privilege-level.js';
import type { ChatTransport } from './transport/chat-transport.js';
import type { SeApiOptions } from './se-api/se-api-options.js';
import type { Storage } from './storage/storage.js';
import type { Coordinator } from './coordination/coordinator.js';
import type { RedisCoordinationOptions } from '@botpy/redis';
import type { Guard, GuardClass } from './guards/guard.js';
import type { ArgParser } from './commands/args/arg-type.js';
import type { ReplyDataOptions } from './replies/reply-data-store.js';
import type { ErrorReportOptions } from './reporting/error-report-options.js';

/** What a `storage` / `coordinator` factory of `bootstrap()` gets. */
export interface PortFactoryContext {
  /** The bot's name. */
  readonly name: string;
  /** The chat server. */
  readonly host: ChatHost;
  /** `<name>@<host>`: the scope a shared store must put in its keys. */
  readonly scope: string;
  /** The resolved storage folder (the JSON-file store's home; also Redunda's sync folder). */
  readonly storageDir: string;
  readonly logger: Logger;
  /** The app's storage (given to the coordinator factory only). */
  readonly storage?: Storage;
}

/** Where SIGINT/SIGTERM come from (`process`, or an EventEmitter in tests). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
}

export type ChatHost = 'stackoverflow.com' | 'stackexchange.com' | 'meta.stackexchange.com';

/** Texts the bot posts; `null` turns a message off. `{name}` is replaced by the bot's name. */
export interface BotMessages {
  /** Posted in every room after start (default "{name} started."). */
  startup?: string | null;
  /** Posted when this instance goes to standby (default "{name} is on standby."). */
  standby?: string | null;
  /** Posted when this instance takes over (default "{name} is active (failover)."). */
  failover?: string | null;
  /** The hint for an addressed message that matches no command (default mentions `help`). */
  unknownCommand?: string | null;
  /** Reply when a command threw. */
  commandError?: string;
}

/** Redunda settings: with them, the instance starts on standby and follows Redunda's answers. */
export interface RedundaOptions {
  key: string;
  version: string;
  /** More files of the storage directory to sync; the privileges file is always synced. */
  files?: string[];
  /** Seconds between pings (default 30). */
  pingInterval?: number;
  /** Seconds without an answer after which an active instance stands down (default: never). */
  standDownAfter?: number | null;
  /** Redunda's origin (default https://redunda.sobotics.org). */
  origin?: string;
  /**
   * Seconds to wait for Redunda's first answer before acting as the active instance anyway
   * (single-instance setups); default: keep waiting on standby (fail-closed).
   */
  startupTimeout?: number | null;
  /** Also fetch Redunda events while on standby (default false: a standby fetch would consume the active instance's events). */
  eventsWhileStandby?: boolean;
}

/** Options of `bootstrap()`. */
export interface BootstrapOptions {
  /** The bot's name: used for addressing (`@` + a prefix of ≥ 3 letters) and the default storage directory. */
  name: string;
  /** The rooms to join; messages elsewhere are ignored. */
  rooms: number[];
  host?: ChatHost;
  /** Default: env `ChatbotEmail`. */
  email?: string;
  /** Default: env `ChatbotPass`. */
  password?: string;
  commands?: CommandClass[];
  tasks?: BackgroundTaskClass[];
  /** Classes with `@OnEvent` methods. */
  handlers?: (new (...args: any[]) => object)[];
  /** true (default) = every built-in command, false = none, or a list of built-in classes. */
  defaultCommands?: boolean | CommandClass[];
  privileges?: PrivilegeLevel[];
  /** Changes the level a command requires, e.g. let level 2 use `privilege`/`unprivilege` (default for those: the top level). */
  commandPrivileges?: { command: CommandClass; privilege: number | 'top' }[];
  /** Give room owners the top level: true = every configured room, or a list of room ids. */
  roomOwnersMax?: boolean | number[];
  /**
   * Who may run the commands that need the top level (stop, reboot, privilege, unprivilege) while
   * no privilege level is defined: `'room-owners'` (default: the owners the room's info page lists,
   * read at most every 30 s) or `'anyone'` (BotpySE's behaviour). With levels defined, the levels
   * decide and this is not used.
   */
  topCommandsWithoutLevels?: 'room-owners' | 'anyone';
  /** More names the bot answers to. */
  aliases?: string[];
  /** Where data lives (default `~/.<lowercased name>`, created with mode 0700; env `BOTPY_STORAGE_DIR` overrides it). */
  storageDir?: string;
  messages?: BotMessages;
  /** Override the chat and login servers (e.g. the emulator). */
  origins?: { chat: string; login: string };
  redunda?: RedundaOptions;
  /** The Stack Exchange API and post feed (`@botpy/se-api`, loaded only when given): the `SeApi` token and `@OnNewPost` handlers. */
  seApi?: SeApiOptions;
  /**
   * Several instances coordinated by Redis (`@botpy/redis`, loaded only when set): `{ redis: { url,
   * password?, tls?, priority?, location?, preferLocation?, lease?, renewEvery?, storage? } }`. One
   * active instance holds a lease in Redis (fencing: it stops acting before the lease can lapse), and
   * the app's documents live in Redis (unless `storage: false` or a `storage` option is given).
   * `BOTPY_REDIS_URL` (+ `BOTPY_REDIS_PASSWORD`, `BOTPY_REDIS_PRIORITY`, `BOTPY_REDIS_LOCATION`) does
   * the same from the environment. Not together with `redunda` or `coordinator`. See docs/redis.md.
   */
  coordination?: { redis?: RedisCoordinationOptions };
  /** Opt-in ops endpoint: GET /health (JSON, 503 when down) and /metrics (Prometheus) on 127.0.0.1 by default. */
  health?: HealthOptions;
  logger?: Logger;
  /** Parent container; the application always works in its own child container. */
  container?: DependencyContainer;
  /** Seconds before a command run is reported as timed out (default 60). */
  commandTimeout?: number;
  /** Seconds between housekeeping runs that save data (default 300). */
  housekeepingInterval?: number;
  /** Seconds `stop()` waits for commands and background tasks still running (default 10); then they are aborted. */
  stopGrace?: number;
  /**
   * Seconds `stop()` waits for queued messages to be delivered (default 10). What is still waiting
   * then is not sent; a log line says how many messages and in which rooms.
   */
  drainTimeout?: number;
  /**
   * Stop on SIGINT/SIGTERM (CLI entry points only; default false). `true` listens on `process`;
   * an EventEmitter is listened to instead (for tests).
   */
  handleSignals?: boolean | SignalSource;
  /** How `reboot()` re-executes the process after a graceful stop (default: spawn the same command line, then exit). */
  reexec?: () => void;
  /** This instance's location for the `location` command when Redunda does not provide one (default: the host name). */
  location?: string;
  /**
   * Where the app keeps its documents (privileges, …): a `Storage`, or a factory of one (e.g.
   * `@botpy/redis`'s). Default: the JSON-file store in `storageDir` (one live instance per folder).
   */
  storage?: Storage | ((ctx: PortFactoryContext) => Storage | Promise<Storage>);
  /**
   * Which instance is active: a `Coordinator`, or a factory of one (e.g. `@botpy/redis`'s lease).
   * Default: Redunda's when `redunda` is given, else solo (always active). Not together with `redunda`.
   */
  coordinator?: Coordinator | ((ctx: PortFactoryContext & { readonly storage: Storage }) => Coordinator | Promise<Coordinator>);
  /** Preconditions asked for every command (after enabled/rooms/privilege, before the command's own guards and its cooldown). */
  guards?: (Guard | GuardClass)[];
  /**
   * The app's own argument types for typed usages (`<c:color>`), each one function: the word →
   * the value, or throw `ArgumentError` (docs/typed-arguments.md). Built-in names cannot be reused.
   */
  argTypes?: Record<string, ArgParser>;
  /**
   * The built-in `stop` and `reboot` ask the user to confirm (`yes`/`no`, 60 s) before acting
   * (default false). No answer, or an answer other than yes: nothing happens.
   */
  confirmStop?: boolean;
  /**
   * How much message data (`ctx.reply(text, { data })`, for reply commands) is kept in storage:
   * the newest `keep` messages (default 1000), each at most `ttl` seconds (default 30 days).
   */
  replyData?: ReplyDataOptions;
  /**
   * The unhandled errors of commands, tasks and handlers: how many the in-memory log keeps
   * (`keep`, default 100; the `errorlogs` built-in shows them), and optionally maintainers pinged
   * in a room on a new kind of error, rate-limited (`notify: { room, maintainers, period?, maxPings? }`).
   * See docs/error-reporting.md.
   */
  errorReports?: ErrorReportOptions;
  /** A chat transport to use instead of the real client (advanced; behaviour tests use the real client). */
  transport?: ChatTransport;
  /**
   * Environment to read (default `process.env`): `ChatbotEmail`/`ChatbotPass` are the default
   * credentials; `BOTPY_HOST`, `BOTPY_ROOMS` (comma list), `BOTPY_CHAT_ORIGIN` + `BOTPY_LOGIN_ORIGIN`
   * override host, rooms and origins, `BOTPY_STORAGE_DIR` the storage directory, and `BOTPY_ALIASES`
   * (comma list) adds aliases — this is how `botpy dev` points an app at the emulator (with its data
   * in `<appDir>/.botpy-dev`, never the production `~/.<name>`).
   */
  env?: Record<string, string | undefined>;
  /**
   * Extra options for the chat client. `cookieFile`: where the session cookies are kept between
   * starts (default `<storageDir>/cookies.json`, mode 0600; `false` = never saved). Socket tuning.
   * `queue`: the send queue's knobs, e.g. `{ coalesce: true }` to merge queued messages into one
   * post while chat throttles the account, or `{ concurrency: 1 }` for strictly serial writes.
   */
  chat?: {
    cookieFile?: string | false;
    socket?: Record<string, unknown>;
    userAgent?: string;
    queue?: { concurrency?: number; coalesce?: boolean; coalesceMaxChars?: number; maxThrottleRetries?: number; serialAfterThrottle?: number };
  };
}

/** Where and how the health endpoint serves (see `health/health-server.ts`). */
export interface HealthOptions {
  /** Port to listen on (0 = any free port; read it from `app.healthUrl`). */
  port: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Report "down" when no chat frame arrived for this long (default 120). */
  staleAfterSeconds?: number;
  /** Report "degraded" from this send backlog on (default 50). */
  degradedBacklog?: number;
}
