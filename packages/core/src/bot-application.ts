import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { RedundaEvent } from '@botpy/redunda';
import { AppLifecycle } from './app/app-lifecycle.js';
import type { BotApplicationDeps } from './app/app-parts.js';
import { buildGuardChain } from './app/command-guards.js';
import { MessageIntake } from './app/message-intake.js';
import { buildMessagePipeline } from './app/message-pipeline.js';
import { RoleController } from './app/role-controller.js';
import type { CommandManager, RegisteredCommand } from './commands/command-manager.js';
import { CommandRunner } from './commands/command-runner.js';
import { CommandSwitches } from './commands/command-switches.js';
import { Conversations } from './conversations/conversations.js';
import { ReplyDataStore } from './replies/reply-data-store.js';
import { commandManager } from './commands/command-manager-view.js';
import type { BackgroundTaskClass } from './decorators/background-task.decorator.js';
import type { EventSelector } from './decorators/on-event.decorator.js';
import { ConfigError } from './errors.js';
import { EventBus, type ListenOptions } from './events/event-bus.js';
import { registerHandler } from './events/handler-registration.js';
import type { GuardChain } from './guards/guard-chain.js';
import { buildAppHealth, type AppHealth, type AppState } from './health/app-health.js';
import type { HandledMessage } from './pipeline/handled-message.js';
import type { PrivilegeService } from './privileges/privilege-service.js';
import type { RedundaLink } from './redunda/redunda-link.js';
import { backgroundTaskJob } from './scheduler/background-task-job.js';
import type { ChatPerson, SendOptions, TransportEvent } from './transport/chat-transport.js';
import { OutgoingMessages } from './transport/outgoing-messages.js';
import { UserDirectory } from './users/user-directory.js';
import { ChatSurface } from './actions/chat-surface.js';
import type { ChatActions } from './actions/chat-actions.js';
import { TaskControl } from './scheduler/task-control.js';
import type { RoomUser } from './users/room-users.js';

export type { AppHealth, AppState } from './health/app-health.js';

// `ctx.app` is this class: declared here, so commands/command-context.ts needs no import of it.
declare module './commands/command-context.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface CommandContextApp extends BotApplication {}
}

/**
 * A running bot: the public facade over small parts (lifecycle, role, message pipeline, event bus,
 * outgoing messages, users, health). Created by `bootstrap()`; one per child container.
 */
export class BotApplication {
  readonly name: string;
  /** The privilege rules and grants: grant, revoke, levelOf, list, levels. */
  readonly privileges: PrivilegeService;
  /** The application's own child container. */
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly storageDir: string;
  /** The command manager: registered and running commands, run-time switches (`disable`/`enable`). */
  readonly commands: CommandManager;
  /** Chat beyond posting: edit, delete, star, pin, cancel stars, move, message/user/room details, history. */
  readonly chat: ChatActions;
  /** The background tasks at run time: list (state, last run, last error, next run), stop, start, remove by name. */
  readonly tasks: TaskControl;

  private readonly d: BotApplicationDeps;
  private readonly runner: CommandRunner;
  private readonly bus: EventBus;
  private readonly outgoing: OutgoingMessages;
  private readonly directory: UserDirectory;
  private readonly surface: ChatSurface;
  private readonly role: RoleController;
  private readonly lifecycle: AppLifecycle;
  private readonly guards: GuardChain;
  private readonly nameList: string[]; // the name, then the aliases (read for every message)
  private readonly intake: MessageIntake;

  constructor(deps: BotApplicationDeps) {
    this.d = deps;
    this.name = deps.name;
    this.privileges = deps.privileges;
    this.container = deps.container;
    this.logger = deps.logger;
    this.storageDir = deps.storageDir;
    this.nameList = [deps.name, ...deps.aliases];
    this.runner = new CommandRunner(deps.container, deps.logger, { error: deps.messages.commandError, timeout: (s) => `That command did not finish within ${s} s and was abandoned.` }, deps.errors);
    const conversations = new Conversations(), replies = new ReplyDataStore(deps.storage, deps.logger, deps.replyData);
    this.outgoing = new OutgoingMessages(deps.transport, () => deps.coordinator.mayAct(), Date.now, replies);
    this.directory = new UserDirectory(deps.transport, deps.logger);
    this.surface = new ChatSurface({ ...deps, own: this.outgoing.log, active: () => !this.role.standby || (deps.coordinator.role === 'active' && deps.coordinator.mayAct()) });
    this.chat = this.surface.actions;
    this.tasks = new TaskControl(deps.scheduler);
    this.role = new RoleController(deps.coordinator, {
      isRunning: () => this.lifecycle.state === 'running',
      stopTasks: () => this.lifecycle.stopTasks().catch((err) => this.logger.error({ err }, 'stopping the background tasks failed')),
      standingBy: () => conversations.cancelAll('this instance went to standby'),
      startTasks: () => deps.scheduler.start(),
      save: () => deps.privileges.flush(),
      reload: () => deps.privileges.load().then(() => this.surface.refreshOwners()),
      announce: (which) => this.announce(which),
    }, deps.logger, deps.name);
    this.bus = new EventBus(deps.logger, () => this.role.standby, deps.errors);
    const router = deps.router, switches = new CommandSwitches(() => router.commands);
    this.commands = commandManager(router, this.runner, switches, deps.privileges);
    const isRoomOwner = deps.topCommandsWithoutLevels === 'room-owners' ? (r: number, u: number) => this.directory.isRoomOwner(r, u) : null;
    this.guards = buildGuardChain(switches, deps.privileges, isRoomOwner, deps.guards);
    const pipeline = buildMessagePipeline({
      rooms: deps.rooms, router, guards: this.guards, runner: this.runner, manager: this.commands, app: this, logger: deps.logger,
      unknownCommand: deps.messages.unknownCommand, commandError: deps.messages.commandError, selfId: () => deps.transport.self?.id ?? null,
      names: () => this.nameList,
      isOwnMessage: (id) => this.outgoing.isOwn(id),
      deliverEvent: (e) => this.bus.deliver(e),
      accepting: () => this.lifecycle.state === 'running' && !this.role.standby,
      takingOver: () => this.role.takingOver,
      stopSignal: () => this.lifecycle.stopController.signal,
      conversations, replies, messageText: (id) => this.chat.message(id).then((x) => x.source.replace(/^:\d+ /, '')),
    });
    this.intake = new MessageIntake(pipeline, (roomId, text, o) => this.outgoing.send(roomId, text, o), this.bus, deps.logger);
    this.lifecycle = new AppLifecycle({
      d: deps, role: this.role, inFlight: this.intake.inFlight, healthSource: this,
      onEvent: (e) => this.intake.accept(e), announce: (which) => this.announce(which),
      grantOwners: (ids) => this.surface.followOwners(ids ?? deps.rooms),
      surface: this.surface,
      stopping: () => conversations.cancelAll('the application is stopping'),
    });
    deps.scheduler.add({ name: 'housekeeping', intervalMs: deps.housekeepingIntervalMs, run: () => this.privileges.flush() });
    deps.privileges.onChange(() => deps.coordinator.dataChanged());
    deps.coordinator.on?.('event', (e) => this.bus.deliverCoordinatorEvent(e));
  }

  /** Epoch ms of the moment start() finished, or null. */
  get startedAt(): number | null {
    return this.lifecycle.startedAt;
  }

  /** The rooms the bot joins and listens to. */
  get rooms(): readonly number[] {
    return this.d.rooms;
  }

  get state(): AppState {
    return this.lifecycle.state;
  }

  /** True between a successful start and the beginning of stop. */
  get isAlive(): boolean {
    return this.lifecycle.state === 'running';
  }

  /** True while this instance is on standby (commands ignored, tasks stopped). */
  get atStandby(): boolean {
    return this.role.standby;
  }

  /** The names the bot answers to. */
  get aliases(): readonly string[] {
    return this.nameList.slice(1);
  }

  /** The bot's chat account, once started. */
  get account(): ChatPerson | null {
    return this.d.transport.self;
  }

  /** Where this instance runs (the coordinator's location when it knows one, e.g. Redunda's). */
  get location(): string {
    return this.d.coordinator.location ?? this.d.location;
  }

  /** The URL of the health endpoint (`/health`, `/metrics`) while it is serving, else null. */
  get healthUrl(): string | null {
    return this.lifecycle.healthServer?.url ?? null;
  }

  /** The Redunda link, when configured. */
  get redunda(): RedundaLink | null {
    return this.d.redunda;
  }

  /** Whether every guard (enabled, rooms, privilege, global, the command's own) lets the user run the command there, asked in dry-run; `help` lists these. */
  async mayRun(command: RegisteredCommand, roomId: number, userId: number): Promise<boolean> {
    return (await this.guards.check({ command, roomId, userId, dryRun: true, now: Date.now() })) === null;
  }

  /** Joins the rooms, loads data, starts tasks (when active) and posts the startup message. */
  start(): Promise<void> {
    return this.lifecycle.start();
  }

  /** Stops tasks, waits for commands (bounded), drains the send queue, saves data, leaves the rooms, releases the storage. Idempotent. */
  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  /** Resolves once the application has stopped (however it was stopped). */
  whenStopped(): Promise<void> {
    return this.lifecycle.stopped;
  }

  /** Stops gracefully, then re-executes the process (see the `reexec` option). */
  async reboot(): Promise<void> {
    this.logger.info(`${this.name} rebooting`);
    await this.stop();
    this.d.reexec();
  }

  /** Goes to standby: commands are ignored and background tasks stop. */
  standby(): Promise<void> {
    return this.role.toStandby();
  }

  /** Becomes the active instance: reloads data, restarts background tasks, accepts commands and posts the failover message. */
  failover(): Promise<void> {
    return this.role.failover();
  }

  /** Adds a privilege level (see PrivilegeService.addLevel). */
  addPrivilegeType(level: number, name: string): void {
    this.privileges.addLevel(level, name);
  }

  /** Owners of the rooms (default: all) get the top level and keep following them: a demoted owner loses it unless granted explicitly (before start: done at start). */
  async setRoomOwnerPrivsMax(roomIds?: readonly number[]): Promise<void> {
    if (this.lifecycle.grantOwnersWhenStarted(roomIds)) return;
    await this.surface.followOwners(roomIds ?? this.d.rooms);
  }

  /** Schedules a `@BackgroundTask` class (instance resolved from the app's container); runs at once when active. */
  addBackgroundTask(type: BackgroundTaskClass): void {
    this.d.scheduler.add(backgroundTaskJob(type, this.container));
  }

  /** Adds a name the bot answers to. */
  addAlias(name: string): void {
    if (typeof name !== 'string' || name.replace(/\s+/g, '').length < 3) throw new ConfigError(`alias must have at least 3 non-space characters, got ${JSON.stringify(name)}`);
    this.nameList.push(name);
  }

  /** Posts the text in every configured room (`{name}` is replaced by the bot's name). */
  async postGlobalMessage(text: string): Promise<void> {
    await this.outgoing.everywhere(this.d.rooms, text.replaceAll('{name}', this.name), false, this.logger);
  }

  /**
   * Posts a message as the bot (tracked so replies to it address the bot). Rejects with
   * NotActiveError when the coordinator says this instance may not act (standby, lost lease).
   */
  send(roomId: number, text: string, options: SendOptions = {}): Promise<number[]> {
    return this.outgoing.send(roomId, text, options);
  }

  /**
   * Resolves a user reference from a command — a numeric id, or a display name (spaces and a
   * leading `@` ignored) of someone the room knows — to exactly one person.
   */
  resolveUser(roomId: number, ref: string): Promise<ChatPerson> {
    return this.directory.resolveUser(roomId, ref);
  }

  /**
   * Listens to chat events of the configured rooms (a type number, a type name, or '*'), not the
   * bot's own messages; on the active instance only unless `{ whileStandby: true }`. Returns an unsubscribe function.
   */
  on(type: EventSelector, fn: (e: TransportEvent) => void | Promise<void>, options?: ListenOptions): () => void {
    return this.bus.on(type, fn, options);
  }

  /**
   * Called once per message of a configured room after everything it triggered finished and its
   * replies were delivered (or failed). Tests use it to wait without sleeping.
   */
  onMessageHandled(fn: (h: HandledMessage) => void): () => void {
    return this.bus.onHandled(fn);
  }

  /**
   * Listens to Redunda events (`name`, or '*' for all), delivered once each and by default only while
   * this instance is active. Returns an unsubscribe function.
   */
  onRedundaEvent(name: string, fn: (e: RedundaEvent) => void | Promise<void>): () => void {
    return this.bus.onCoordinatorEvent(name, fn);
  }

  /** Subscribes the `@OnEvent` and `@OnRedundaEvent` methods of a handler instance. */
  registerHandler(instance: object): void {
    registerHandler(this.bus, instance);
  }

  /** The users of a room (from the pingable list, entered/left events, messages), most recently seen first; `sinceMs`: seen since then. */
  users(roomId: number, options: { sinceMs?: number } = {}): RoomUser[] {
    return this.surface.list(roomId, options);
  }

  /** Connection state, role, send backlog and counters for an ops health endpoint. */
  health(): AppHealth {
    return buildAppHealth(this.lifecycle.state, this.role.standby, this.d.transport.health(), this.runner.counters, this.intake.handledCount);
  }

  private async announce(which: 'startup' | 'standby' | 'failover'): Promise<void> {
    const text = this.d.messages[which];
    if (text) await this.outgoing.everywhere(this.d.rooms, text.replaceAll('{name}', this.name), true, this.logger);
  }
}
