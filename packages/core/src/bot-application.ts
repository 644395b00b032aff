import { EventEmitter, setMaxListeners } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { getBackgroundTaskMetadata, DEFAULT_TASK_INTERVAL, type BackgroundTaskClass } from './decorators/background-task.decorator.js';
import { getEventHandlers, type EventSelector } from './decorators/on-event.decorator.js';
import { getRedundaEventHandlers } from './decorators/on-redunda-event.decorator.js';
import type { RedundaEvent } from '@botpy/redunda';
import { CommandDispatcher, type HandledMessage } from './commands/command-dispatcher.js';
import type { CommandManager, RegisteredCommand } from './commands/command-manager.js';
import type { CommandRouter } from './commands/command-router.js';
import { CommandRunner } from './commands/command-runner.js';
import { ConfigError, LifecycleError, UnknownUserError } from './errors.js';
import { pingForm } from './commands/addressing.js';
import type { PrivilegeService } from './privileges/privilege-service.js';
import type { RedundaLink } from './redunda/redunda-link.js';
import type { Scheduler } from './scheduler/scheduler.js';
import type { HealthOptions, SignalSource } from './bot-options.js';
import { HealthServer } from './health/health-server.js';
import { appHealthSnapshot } from './health/app-health-snapshot.js';
import type { ChatPerson, ChatTransport, DrainResult, SendOptions, TransportEvent } from './transport/chat-transport.js';

/** Lifecycle states. */
export type AppState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** What an ops health endpoint needs. */
export interface AppHealth {
  readonly state: AppState;
  readonly role: 'active' | 'standby';
  readonly socketState: 'open' | 'connecting' | 'polling' | 'closed';
  /** Milliseconds since the last frame from the chat server, or null when none arrived yet. */
  readonly lastFrameAgeMs: number | null;
  readonly sendBacklog: number;
  readonly counters: {
    readonly commandsRun: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly reconnects: number;
    readonly messagesHandled: number;
    /** Messages the chat server accepted (0 when the transport does not count). */
    readonly messagesSent: number;
    /** Throttle answers (409) met by writes. */
    readonly throttled: number;
    /** Messages merged into another post while throttled. */
    readonly coalesced: number;
  };
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
  redunda: RedundaLink | null;
  router: CommandRouter<RegisteredCommand>;
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
  messages: { startup: string | null; standby: string | null; failover: string | null; unknownCommand: string | null; commandError: string };
}

const OWN_IDS_KEPT = 2000;
const OWNERS_TTL_MS = 30_000;
/** Extra time given to a component that promised to keep a bound itself before it is no longer waited for. */
const STOP_SLACK_MS = 1000;

/**
 * A running bot: lifecycle (start, stop, reboot, standby, failover) and the public facade.
 * Created by `bootstrap()`; one per child container.
 */
export class BotApplication {
  readonly name: string;
  /** The privilege rules and grants: grant, revoke, levelOf, list, levels. */
  readonly privileges: PrivilegeService;
  /** The application's own child container. */
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly storageDir: string;
  /** The command manager (registered and running commands). */
  readonly commands: CommandManager;

  private readonly d: BotApplicationDeps;
  private readonly runner: CommandRunner;
  private readonly dispatcher: CommandDispatcher;
  private readonly events = new EventEmitter();
  private readonly aliasList: string[];
  private readonly ownIds = new Set<number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  // Every running command listens on this signal: many at once is normal, not a leak.
  private readonly stopController = (() => {
    const c = new AbortController();
    setMaxListeners(0, c.signal);
    return c;
  })();
  private readonly signalHandler = () => void this.stop();
  private unsubscribeTransport: (() => void) | null = null;
  private lifecycle: AppState = 'created';
  private standbyRole: boolean;
  private stopPromise: Promise<void> | null = null;
  private stoppedResolve!: () => void;
  private readonly stopped = new Promise<void>((r) => (this.stoppedResolve = r));
  private messagesHandled = 0;
  private pendingOwnerRooms: (readonly number[] | undefined)[] = [];
  private healthServer: HealthServer | null = null;

  constructor(deps: BotApplicationDeps) {
    this.d = deps;
    this.name = deps.name;
    this.topCommandsWithoutLevels = deps.topCommandsWithoutLevels;
    this.privileges = deps.privileges;
    this.container = deps.container;
    this.logger = deps.logger;
    this.storageDir = deps.storageDir;
    this.aliasList = [...deps.aliases];
    this.standbyRole = deps.redunda !== null; // with Redunda: standby until its first answer
    this.events.setMaxListeners(0);
    this.runner = new CommandRunner(deps.container, deps.logger, {
      error: deps.messages.commandError,
      timeout: (s) => `That command did not finish within ${s} s and was abandoned.`,
    });
    const router = deps.router;
    const privileges = deps.privileges;
    this.commands = {
      registered: () => router.commands,
      running: () => this.runner.running(),
      requiredLevel: (c) => (c.privilege === 'top' ? privileges.topLevel : c.privilege),
    };
    this.dispatcher = new CommandDispatcher({
      router, privileges, runner: this.runner, manager: this.commands, app: this, logger: deps.logger,
      texts: {
        unknownCommand: deps.messages.unknownCommand,
        refused: (needed, have) => `You need the ${needed} privilege to run that command; yours here is ${have}.`,
        unusable: 'That command needs a privilege level above every defined level, so nobody can run it.',
        ownersOnly: "Only this room's owners can run that command (this bot defines no privilege levels).",
      },
      names: () => [this.name, ...this.aliasList],
      selfId: () => deps.transport.self?.id ?? null,
      isConfiguredRoom: (id) => deps.rooms.includes(id),
      accepting: () => this.lifecycle === 'running' && !this.standbyRole,
      isOwnMessage: (id) => this.ownIds.has(id),
      send: (roomId, text, o) => this.send(roomId, text, o),
      stopSignal: () => this.stopController.signal,
      ...(deps.topCommandsWithoutLevels === 'room-owners' ? { topWithoutLevels: (roomId: number, userId: number) => this.isRoomOwner(roomId, userId) } : {}),
    });
    deps.scheduler.add({ name: 'housekeeping', intervalMs: deps.housekeepingIntervalMs, run: () => this.privileges.save() });
    deps.privileges.onChange(() => deps.redunda?.markDirty());
  }

  /** Epoch ms of the moment start() finished, or null. */
  startedAt: number | null = null;

  /** The rooms the bot joins and listens to. */
  get rooms(): readonly number[] {
    return this.d.rooms;
  }

  get state(): AppState {
    return this.lifecycle;
  }

  /** True between a successful start and the beginning of stop. */
  /**
   * Whether the user may run the command in that room: their level there is at least the command's
   * (and the command is usable at all); with no level defined, a `'top'` command also needs a room
   * owner unless `topCommandsWithoutLevels` is `'anyone'`.
   */
  async mayRun(command: RegisteredCommand, roomId: number, userId: number): Promise<boolean> {
    const needed = this.commands.requiredLevel(command);
    if (needed > 0 && needed > this.privileges.topLevel) return false;
    if (this.topCommandsWithoutLevels === 'room-owners' && command.privilege === 'top' && this.privileges.topLevel === 0) return this.isRoomOwner(roomId, userId);
    return needed <= this.privileges.levelOf(roomId, userId);
  }

  get isAlive(): boolean {
    return this.lifecycle === 'running';
  }

  /** True while this instance is on standby (commands ignored, tasks stopped). */
  get atStandby(): boolean {
    return this.standbyRole;
  }

  /** The names the bot answers to. */
  get aliases(): readonly string[] {
    return this.aliasList;
  }

  /** The bot's chat account, once started. */
  get account(): ChatPerson | null {
    return this.d.transport.self;
  }

  /** Where this instance runs (Redunda's location when known). */
  get location(): string {
    return this.d.redunda?.location ?? this.d.location;
  }

  /** The URL of the health endpoint (`/health`, `/metrics`) while it is serving, else null. */
  get healthUrl(): string | null {
    return this.healthServer?.url ?? null;
  }

  /** The Redunda link, when configured. */
  get redunda(): RedundaLink | null {
    return this.d.redunda;
  }

  /** Joins the rooms, loads data, starts tasks (when active) and posts the startup message. */
  async start(): Promise<void> {
    if (this.lifecycle !== 'created') throw new LifecycleError(`cannot start: the application is ${this.lifecycle}`);
    this.lifecycle = 'starting';
    try {
      await mkdir(this.storageDir, { recursive: true, mode: 0o700 });
      const redunda = this.d.redunda;
      if (redunda) {
        redunda.on('active', this.onRedundaActive);
        redunda.on('standby', this.onRedundaStandby);
        redunda.on('error', this.onRedundaError);
        redunda.on('redunda-event', this.onRedundaEventReceived);
        await redunda.start();
      }
      await this.privileges.load();
      const self = await this.d.transport.connect(this.d.rooms);
      this.logger.info({ userId: self.id, rooms: this.d.rooms }, `${this.name} connected as ${self.name}`);
      this.unsubscribeTransport = this.d.transport.onEvent((e) => this.onTransportEvent(e));
      if (this.d.roomOwnersMax !== false) {
        await this.grantOwnersTop(this.d.roomOwnersMax === true ? undefined : this.d.roomOwnersMax);
      }
      for (const ids of this.pendingOwnerRooms.splice(0)) await this.grantOwnersTop(ids);
      this.lifecycle = 'running';
      this.startedAt = Date.now();
      this.d.signals?.on('SIGINT', this.signalHandler);
      this.d.signals?.on('SIGTERM', this.signalHandler);
      if (!this.standbyRole) {
        this.d.scheduler.start();
        if (this.d.messages.startup) await this.postGlobalMessage(this.d.messages.startup);
      }
      if (this.d.health) {
        this.healthServer = await HealthServer.start(appHealthSnapshot(this), this.d.health);
        this.logger.info({ url: this.healthServer.url }, 'health endpoint listening');
      }
      this.logger.info({ role: this.standbyRole ? 'standby' : 'active' }, `${this.name} started`);
    } catch (err) {
      this.logger.error({ err }, `${this.name} failed to start`);
      await this.shutdown(false).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Stops tasks, waits for running commands (bounded), drains the send queue, saves data, leaves
   * the rooms and resolves. Idempotent: later calls return the same promise.
   */
  stop(): Promise<void> {
    if (!this.stopPromise) this.stopPromise = this.shutdown(true);
    return this.stopPromise;
  }

  /** Resolves once the application has stopped (however it was stopped). */
  whenStopped(): Promise<void> {
    return this.stopped;
  }

  /** Stops gracefully, then re-executes the process (see the `reexec` option). */
  async reboot(): Promise<void> {
    this.logger.info(`${this.name} rebooting`);
    await this.stop();
    this.d.reexec();
  }

  /** Goes to standby: commands are ignored and background tasks stop. */
  async standby(): Promise<void> {
    if (this.standbyRole) return;
    this.standbyRole = true;
    this.logger.warn(`${this.name} going to standby`);
    await this.stopTasks().catch((err) => this.logger.error({ err }, 'stopping the background tasks failed'));
    if (this.lifecycle === 'running') {
      // Grants are saved on every change; Redunda uploads the files itself when it demotes us.
      await this.privileges.save().catch((err) => this.logger.error({ err }, 'saving data on standby failed'));
      if (this.d.messages.standby) await this.postGlobalMessage(this.d.messages.standby);
    }
  }

  /** Becomes the active instance: reloads data, restarts background tasks, accepts commands and posts the failover message. */
  async failover(): Promise<void> {
    if (!this.standbyRole) return;
    this.logger.warn(`${this.name} taking over (failover)`);
    if (this.lifecycle !== 'running') {
      this.standbyRole = false; // start() finishes the job
      return;
    }
    // Redunda downloads the data files before it reports 'active': reload what may have changed.
    await this.privileges.load();
    this.standbyRole = false;
    this.d.scheduler.start();
    if (this.d.messages.failover) await this.postGlobalMessage(this.d.messages.failover);
  }

  /** Adds a privilege level (see PrivilegeService.addLevel). */
  addPrivilegeType(level: number, name: string): void {
    this.privileges.addLevel(level, name);
  }

  /**
   * Gives the owners of the rooms (default: every configured room) the top level, read from the
   * room info page. Grants persist. Before start, the call is remembered and done during start.
   */
  async setRoomOwnerPrivsMax(roomIds?: readonly number[]): Promise<void> {
    if (this.lifecycle === 'created' || this.lifecycle === 'starting') {
      this.pendingOwnerRooms.push(roomIds);
      return;
    }
    await this.grantOwnersTop(roomIds);
  }

  /** Schedules a `@BackgroundTask` class (instance resolved from the app's container); runs at once when active. */
  addBackgroundTask(type: BackgroundTaskClass): void {
    const meta = getBackgroundTaskMetadata(type);
    if (!meta) throw new ConfigError(`${type.name} is not decorated with @BackgroundTask`);
    const interval = meta.interval ?? DEFAULT_TASK_INTERVAL;
    if (!(typeof interval === 'number' && interval >= 0 && Number.isFinite(interval))) {
      throw new ConfigError(`${type.name}: interval must be a number of seconds ≥ 0, got ${String(interval)}`);
    }
    if (typeof type.prototype.run !== 'function') throw new ConfigError(`${type.name} has no run() method`);
    const instance = this.container.resolve(type);
    this.d.scheduler.add({ name: meta.name ?? type.name, intervalMs: interval * 1000, run: (signal) => instance.run(signal) });
  }

  /** Adds a name the bot answers to. */
  addAlias(name: string): void {
    if (typeof name !== 'string' || name.replace(/\s+/g, '').length < 3) throw new ConfigError(`alias must have at least 3 non-space characters, got ${JSON.stringify(name)}`);
    this.aliasList.push(name);
  }

  /** Posts the text in every configured room. */
  async postGlobalMessage(text: string): Promise<void> {
    const results = await Promise.allSettled(this.d.rooms.map((r) => this.send(r, text.replaceAll('{name}', this.name))));
    for (const r of results) if (r.status === 'rejected') this.logger.error({ err: r.reason }, 'posting a global message failed');
  }

  /** Posts a message as the bot (tracked so replies to it address the bot). */
  async send(roomId: number, text: string, options: SendOptions = {}): Promise<number[]> {
    const ids = await this.d.transport.send(roomId, text, options);
    for (const id of ids) {
      this.ownIds.add(id);
      if (this.ownIds.size > OWN_IDS_KEPT) this.ownIds.delete(this.ownIds.values().next().value as number);
    }
    return ids;
  }

  /**
   * Resolves a user reference from a command — a numeric id, or a display name (spaces and a
   * leading `@` ignored) of someone the room knows — to exactly one person.
   */
  async resolveUser(roomId: number, ref: string): Promise<ChatPerson> {
    const bare = ref.replace(/^@/, '');
    if (/^\d+$/.test(bare)) {
      const id = Number(bare);
      const known = (await this.d.transport.roomUsers(roomId).catch(() => [])).find((u) => u.id === id);
      if (known) return known;
      const found = await this.d.transport.user(id).catch(() => null);
      if (!found) throw new UnknownUserError(`no user with id ${id}`);
      return found;
    }
    const wanted = pingForm(bare);
    const matches = (await this.d.transport.roomUsers(roomId)).filter((u) => pingForm(u.name) === wanted);
    if (matches.length === 0) throw new UnknownUserError(`nobody called "${bare}" is known in this room; use the user id`);
    if (matches.length > 1) throw new UnknownUserError(`several users are called "${bare}" (${matches.map((u) => u.id).join(', ')}); use the user id`);
    return matches[0];
  }

  /** Listens to chat events of the configured rooms (a type number, a type name, or '*'). Returns an unsubscribe function. */
  on(type: EventSelector, fn: (e: TransportEvent) => void | Promise<void>): () => void {
    const listener = (e: TransportEvent) => {
      if (!selectorMatches(type, e)) return;
      this.callSafely(() => fn(e), { type: e.typeName }, 'event handler failed');
    };
    this.events.on('chat-event', listener);
    return () => this.events.off('chat-event', listener);
  }

  /**
   * Called once per message of a configured room after everything it triggered finished and its
   * replies were delivered (or failed). Tests use it to wait without sleeping.
   */
  onMessageHandled(fn: (h: HandledMessage) => void): () => void {
    this.events.on('handled', fn);
    return () => this.events.off('handled', fn);
  }

  /**
   * Listens to Redunda events (`name`, or '*' for all), delivered once each and by default only while
   * this instance is active. Returns an unsubscribe function.
   */
  onRedundaEvent(name: string, fn: (e: RedundaEvent) => void | Promise<void>): () => void {
    const listener = (e: RedundaEvent) => {
      if (name !== '*' && e.name !== name) return;
      this.callSafely(() => fn(e), { redundaEvent: e.name }, 'Redunda event handler failed');
    };
    this.events.on('redunda-event', listener);
    return () => this.events.off('redunda-event', listener);
  }

  /** Subscribes the `@OnEvent` and `@OnRedundaEvent` methods of a handler instance. */
  registerHandler(instance: object): void {
    const methodOf = (key: string | symbol) => {
      const method = (instance as Record<string | symbol, unknown>)[key];
      if (typeof method !== 'function') throw new ConfigError(`${instance.constructor.name}.${String(key)} is not a method`);
      return method as (e: unknown) => void | Promise<void>;
    };
    for (const rec of getEventHandlers(instance.constructor)) {
      const method = methodOf(rec.method);
      this.on(rec.type, (e) => method.call(instance, e));
    }
    for (const rec of getRedundaEventHandlers(instance.constructor)) {
      const method = methodOf(rec.method);
      this.onRedundaEvent(rec.name, (e) => method.call(instance, e));
    }
  }

  /** Connection state, role, send backlog and counters for an ops health endpoint. */
  health(): AppHealth {
    const t = this.d.transport.health();
    return {
      state: this.lifecycle,
      role: this.standbyRole ? 'standby' : 'active',
      socketState: t.socketState,
      lastFrameAgeMs: t.lastFrameAt === null ? null : Math.max(0, Date.now() - t.lastFrameAt),
      sendBacklog: t.sendBacklog,
      counters: {
        commandsRun: this.runner.counters.runs,
        errors: this.runner.counters.errors,
        timeouts: this.runner.counters.timeouts,
        reconnects: t.reconnects,
        messagesHandled: this.messagesHandled,
        messagesSent: t.messagesSent ?? 0,
        throttled: t.throttled ?? 0,
        coalesced: t.coalesced ?? 0,
      },
    };
  }

  private onTransportEvent(e: TransportEvent): void {
    if (!this.d.rooms.includes(e.roomId)) {
      if (e.message && e.type === 1) this.emitHandled({ messageId: e.message.id, roomId: e.roomId, outcome: 'not-configured', sentIds: [] });
      return;
    }
    this.events.emit('chat-event', e);
    if (e.type !== 1 || !e.message) return;
    const p = this.dispatcher
      .handle(e.message)
      .then((h) => this.emitHandled(h))
      .catch((err) => {
        this.logger.error({ err, messageId: e.message?.id }, 'handling a message failed');
        this.emitHandled({ messageId: e.message!.id, roomId: e.roomId, outcome: 'error', sentIds: [] });
      });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** Runs a handler; a throw or a rejection is logged, never propagated. */
  private callSafely(fn: () => void | Promise<void>, context: object, message: string): void {
    try {
      const r = fn();
      if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((err) => this.logger.error({ err, ...context }, message));
    } catch (err) {
      this.logger.error({ err, ...context }, message);
    }
  }

  private readonly onRedundaEventReceived = (e: RedundaEvent) => this.events.emit('redunda-event', e);

  private emitHandled(h: HandledMessage): void {
    this.messagesHandled++;
    this.events.emit('handled', h);
  }

  private readonly onRedundaActive = () => void this.failover().catch((err) => this.logger.error({ err }, 'failover failed'));
  private readonly onRedundaStandby = () => void this.standby().catch((err) => this.logger.error({ err }, 'standby failed'));
  private readonly onRedundaError = (err: unknown) => this.logger.warn({ err }, 'Redunda error');

  private readonly topCommandsWithoutLevels: 'room-owners' | 'anyone';
  /** Room owners per room, as the room's info page listed them, kept for OWNERS_TTL_MS. */
  private readonly ownerCache = new Map<number, { ids: Set<number>; at: number }>();

  /** Whether the user owns the room (its info page, read at most every 30 s); false when it cannot be read. */
  private async isRoomOwner(roomId: number, userId: number): Promise<boolean> {
    const hit = this.ownerCache.get(roomId);
    if (hit && Date.now() - hit.at < OWNERS_TTL_MS) return hit.ids.has(userId);
    try {
      const owners = await this.d.transport.roomOwners(roomId);
      const ids = new Set(owners.map((o) => o.id));
      this.ownerCache.set(roomId, { ids, at: Date.now() });
      return ids.has(userId);
    } catch (err) {
      this.logger.warn({ err, roomId }, 'could not read the room owners: refusing the command');
      return false;
    }
  }

  private async grantOwnersTop(roomIds?: readonly number[]): Promise<void> {
    const top = this.privileges.findLevel(this.privileges.topLevel);
    if (!top) {
      this.logger.warn('setRoomOwnerPrivsMax: no privilege levels are defined, nothing to grant');
      return;
    }
    for (const roomId of roomIds ?? this.d.rooms) {
      const owners = await this.d.transport.roomOwners(roomId);
      for (const o of owners) {
        if (this.privileges.levelOf(roomId, o.id) >= top.level) continue;
        await this.privileges.grant(roomId, o, top.level);
        this.logger.info({ roomId, userId: o.id }, `room owner ${o.name} granted ${top.name}`);
      }
    }
  }

  /**
   * Stops the scheduler: runs in progress get the stop grace period, then their signal is aborted.
   * A scheduler that does not keep that bound itself (a custom one) is not waited for past it either.
   */
  private async stopTasks(): Promise<void> {
    const grace = this.d.stopGraceMs;
    const stopped = await withTimeout(this.d.scheduler.stop(grace), grace + STOP_SLACK_MS);
    if (!stopped) this.logger.warn({ graceMs: grace }, 'the scheduler did not stop within the grace period: not waited for');
  }

  /** Waits for the send queue at most drainTimeoutMs; logs what was not delivered (counts and rooms, never texts). */
  private async drainBounded(): Promise<void> {
    const bound = this.d.drainTimeoutMs;
    let result: DrainResult | void | 'timeout' = 'timeout';
    await withTimeout(this.d.transport.drain(bound).then((r) => (result = r)), bound + STOP_SLACK_MS);
    const r = result as DrainResult | void | 'timeout';
    if (r && r !== 'timeout' && r.drained) return;
    if (r === undefined && this.d.transport.health().sendBacklog === 0) return;
    const pending = r && r !== 'timeout' ? r.pending : [];
    const messages = pending.length > 0 ? pending.reduce((n, p) => n + p.messages, 0) : this.d.transport.health().sendBacklog;
    const rooms = pending.map((p) => p.roomId);
    this.logger.warn(
      { undelivered: messages, rooms, drainTimeoutMs: bound },
      `stop: ${messages} message(s) not delivered within ${bound / 1000} s${rooms.length > 0 ? ` (rooms ${rooms.join(', ')})` : ''}; they are dropped`,
    );
  }

  private async shutdown(graceful: boolean): Promise<void> {
    const wasRunning = this.lifecycle === 'running';
    this.lifecycle = 'stopping';
    this.d.signals?.off('SIGINT', this.signalHandler);
    this.d.signals?.off('SIGTERM', this.signalHandler);
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        this.logger.error({ err }, `stop: ${what} failed`);
      }
    };
    // Tasks and commands share one grace period; neither is waited for beyond it.
    await Promise.all([
      step('stopping tasks', () => this.stopTasks()),
      graceful && wasRunning ? step('waiting for commands', () => waitAll(this.inFlight, this.d.stopGraceMs)) : undefined,
    ]);
    // Commands still running after the grace period are told to give up (ctx.signal).
    this.stopController.abort(new LifecycleError('the application is stopping'));
    if (graceful && wasRunning) {
      await step('draining the send queue', () => this.drainBounded());
      await step('saving data', () => this.privileges.save());
    }
    if (this.d.redunda) {
      const r = this.d.redunda;
      await step('stopping Redunda (final upload when active)', () => r.stop());
      r.off('active', this.onRedundaActive);
      r.off('standby', this.onRedundaStandby);
      r.off('error', this.onRedundaError);
      r.off('redunda-event', this.onRedundaEventReceived);
    }
    this.unsubscribeTransport?.();
    this.unsubscribeTransport = null;
    await step('leaving rooms', () => this.d.transport.close());
    const health = this.healthServer;
    this.healthServer = null;
    if (health) await step('closing the health endpoint', () => health.stop());
    this.lifecycle = 'stopped';
    this.logger.info(`${this.name} stopped`);
    this.stoppedResolve();
  }
}

/** Resolves to true when `p` settles in time (rethrowing its rejection), false after `ms`. */
async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitAll(set: Set<Promise<unknown>>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (set.size > 0) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...set]), new Promise((r) => (timer = setTimeout(r, left)))]);
    clearTimeout(timer);
  }
}

function selectorMatches(type: EventSelector, e: TransportEvent): boolean {
  if (type === '*') return true;
  if (typeof type === 'number') return e.type === type;
  return e.typeName.toLowerCase() === type.toLowerCase();
}
