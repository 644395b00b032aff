import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { HealthOptions, SignalSource } from '../bot-options.js';
import type { RegisteredCommand } from '../commands/command-manager.js';
import type { CommandRouter } from '../commands/command-router.js';
import type { Coordinator } from '../coordination/coordinator.js';
import type { Guard } from '../guards/guard.js';
import type { PrivilegeService } from '../privileges/privilege-service.js';
import type { RedundaLink } from '../redunda/redunda-link.js';
import type { ErrorLog } from '../reporting/error-log.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { Storage } from '../storage/storage.js';
import type { ReplyDataOptions } from '../replies/reply-data-store.js';
import type { ChatTransport } from '../transport/chat-transport.js';

/** The texts the application posts itself. */
export interface AppMessages {
  startup: string | null;
  standby: string | null;
  failover: string | null;
  unknownCommand: string | null;
  commandError: string;
}

/** Everything bootstrap() wires into the application. */
export interface BotApplicationDeps {
  name: string;
  rooms: readonly number[];
  aliases: readonly string[];
  storageDir: string;
  container: DependencyContainer;
  transport: ChatTransport;
  privileges: PrivilegeService;
  scheduler: Scheduler;
  storage: Storage;
  coordinator: Coordinator;
  /** Redunda's service when the `redunda` option is given (for `app.redunda`), else null. */
  redunda: RedundaLink | null;
  router: CommandRouter<RegisteredCommand>;
  /** Global guards (`bootstrap({ guards })`), resolved: asked for every command after the built-in ones. */
  guards: readonly Guard[];
  logger: Logger;
  commandTimeoutMs: number;
  housekeepingIntervalMs: number;
  stopGraceMs: number;
  /** How long stop() waits for the send queue; what is left is logged and dropped. */
  drainTimeoutMs: number;
  roomOwnersMax: boolean | readonly number[];
  /** Who may run top-level commands while no privilege level is defined (see BootstrapOptions). */
  topCommandsWithoutLevels: 'room-owners' | 'anyone';
  /** Stop on SIGINT/SIGTERM from this source (null: do not listen). */
  signals: SignalSource | null;
  reexec: () => void;
  location: string;
  /** Serve /health and /metrics while running (null: off). */
  health: HealthOptions | null;
  messages: AppMessages;
  /** How much message data is kept for reply commands (`bootstrap({ replyData })`). */
  replyData?: ReplyDataOptions;
  /** The unhandled errors of commands, tasks and handlers (`errorlogs`); absent: not recorded. */
  errors?: ErrorLog;
}
