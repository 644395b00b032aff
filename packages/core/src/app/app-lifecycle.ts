import { setMaxListeners } from 'node:events';
import { LifecycleError } from '../errors.js';
import { HealthServer } from '../health/health-server.js';
import type { AppState } from '../health/app-health.js';
import { appHealthSnapshot, type HealthSource } from '../health/app-health-snapshot.js';
import type { DrainResult, TransportEvent } from '../transport/chat-transport.js';
import type { BotApplicationDeps } from './app-parts.js';
import type { RoleController } from './role-controller.js';

/** Extra time given to a component that promised to keep a bound itself before it is no longer waited for. */
const STOP_SLACK_MS = 1000;

/** What the lifecycle drives besides the injected services. */
export interface LifecycleParts {
  readonly d: BotApplicationDeps;
  readonly role: RoleController;
  /** The message pipeline's entry. */
  onEvent(e: TransportEvent): void;
  /** Posts a lifecycle notice in every room. */
  announce(which: 'startup' | 'standby' | 'failover'): Promise<void>;
  grantOwners(roomIds?: readonly number[]): Promise<void>;
  /** Work still running (messages in the pipeline); stop waits for it up to `stopGrace`. */
  readonly inFlight: Set<Promise<unknown>>;
  readonly healthSource: HealthSource;
  /** Room users and owners: started once chat is connected, stopped (users saved) before it closes. */
  readonly surface?: { started(): Promise<void>; stopping(): Promise<void>; refreshOwners(): Promise<void> };
  /** Called first when stop begins (pending questions end at once instead of holding stop for its grace period). */
  stopping?(): void;
}

/**
 * Ordered start and stop: storage (lock) → coordinator → data → chat → owners → tasks → notices →
 * health; stop runs the reverse, each step bounded or logged, and always finishes.
 */
export class AppLifecycle {
  state: AppState = 'created';
  /** Epoch ms of the moment start() finished, or null. */
  startedAt: number | null = null;
  healthServer: HealthServer | null = null;
  // Every running command listens on this signal: many at once is normal, not a leak.
  readonly stopController = (() => {
    const c = new AbortController();
    setMaxListeners(0, c.signal);
    return c;
  })();
  private readonly pendingOwnerRooms: (readonly number[] | undefined)[] = [];
  private unsubscribeTransport: (() => void) | null = null;
  private stopPromise: Promise<void> | null = null;
  private stoppedResolve!: () => void;
  readonly stopped = new Promise<void>((r) => (this.stoppedResolve = r));
  private readonly signalHandler = () => void this.stop();

  constructor(private readonly p: LifecycleParts) {}

  async start(): Promise<void> {
    const { d, role } = this.p;
    if (this.state !== 'created') throw new LifecycleError(`cannot start: the application is ${this.state}`);
    this.state = 'starting';
    try {
      await d.storage.open?.();
      role.attach();
      await d.coordinator.start();
      await role.sync();
      await d.privileges.load();
      const self = await d.transport.connect(d.rooms);
      d.logger.info({ userId: self.id, rooms: d.rooms }, `${d.name} connected as ${self.name}`);
      this.unsubscribeTransport = d.transport.onEvent((e) => this.p.onEvent(e));
      await this.p.surface?.started();
      // Owners read while standby write no grants; a role that turns active before 'running' skips
      // failover's reload (start finishes the job), so read them again here once active.
      const ownersReadOnStandby = role.standby;
      if (d.roomOwnersMax !== false) await this.p.grantOwners(d.roomOwnersMax === true ? undefined : d.roomOwnersMax);
      for (const ids of this.pendingOwnerRooms.splice(0)) await this.p.grantOwners(ids);
      this.state = 'running';
      if (ownersReadOnStandby && !role.standby) await this.p.surface?.refreshOwners();
      this.startedAt = Date.now();
      d.signals?.on('SIGINT', this.signalHandler);
      d.signals?.on('SIGTERM', this.signalHandler);
      if (!role.standby) {
        d.scheduler.start();
        await this.p.announce('startup');
      }
      if (d.health) {
        this.healthServer = await HealthServer.start(appHealthSnapshot(this.p.healthSource), d.health);
        d.logger.info({ url: this.healthServer.url }, 'health endpoint listening');
      }
      d.logger.info({ role: role.standby ? 'standby' : 'active', coordinator: d.coordinator.kind, storage: d.storage.location }, `${d.name} started`);
    } catch (err) {
      d.logger.error({ err }, `${d.name} failed to start`);
      await this.shutdown(false).catch(() => undefined);
      throw err;
    }
  }

  /** Idempotent: later calls return the same promise. */
  stop(): Promise<void> {
    if (!this.stopPromise) this.stopPromise = this.shutdown(true);
    return this.stopPromise;
  }

  /** `setRoomOwnerPrivsMax` before start is remembered and done during start. */
  grantOwnersWhenStarted(roomIds?: readonly number[]): boolean {
    if (this.state !== 'created' && this.state !== 'starting') return false;
    this.pendingOwnerRooms.push(roomIds);
    return true;
  }

  /**
   * Stops the scheduler: runs in progress get the stop grace period, then their signal is aborted.
   * A scheduler that does not keep that bound itself (a custom one) is not waited for past it either.
   */
  async stopTasks(): Promise<void> {
    const { d } = this.p;
    const grace = d.stopGraceMs;
    const stopped = await withTimeout(d.scheduler.stop(grace), grace + STOP_SLACK_MS);
    if (!stopped) d.logger.warn({ graceMs: grace }, 'the scheduler did not stop within the grace period: not waited for');
  }

  /** Waits for the send queue at most drainTimeoutMs; logs what was not delivered (counts and rooms, never texts). */
  private async drainBounded(): Promise<void> {
    const { d } = this.p;
    const bound = d.drainTimeoutMs;
    let result: DrainResult | void | 'timeout' = 'timeout';
    await withTimeout(d.transport.drain(bound).then((r) => (result = r)), bound + STOP_SLACK_MS);
    const r = result as DrainResult | void | 'timeout';
    if (r && r !== 'timeout' && r.drained) return;
    if (r === undefined && d.transport.health().sendBacklog === 0) return;
    const pending = r && r !== 'timeout' ? r.pending : [];
    const messages = pending.length > 0 ? pending.reduce((n, p) => n + p.messages, 0) : d.transport.health().sendBacklog;
    const rooms = pending.map((p) => p.roomId);
    d.logger.warn(
      { undelivered: messages, rooms, drainTimeoutMs: bound },
      `stop: ${messages} message(s) not delivered within ${bound / 1000} s${rooms.length > 0 ? ` (rooms ${rooms.join(', ')})` : ''}; they are dropped`,
    );
  }

  private async shutdown(graceful: boolean): Promise<void> {
    const { d, role } = this.p;
    const wasRunning = this.state === 'running';
    this.state = 'stopping';
    this.p.stopping?.();
    d.signals?.off('SIGINT', this.signalHandler);
    d.signals?.off('SIGTERM', this.signalHandler);
    const step = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        d.logger.error({ err }, `stop: ${what} failed`);
      }
    };
    // Tasks and commands share one grace period; neither is waited for beyond it.
    await Promise.all([
      step('stopping tasks', () => this.stopTasks()),
      graceful && wasRunning ? step('waiting for commands', () => waitAll(this.p.inFlight, d.stopGraceMs)) : undefined,
    ]);
    // Commands still running after the grace period are told to give up (ctx.signal).
    this.stopController.abort(new LifecycleError('the application is stopping'));
    if (graceful && wasRunning) {
      await step('draining the send queue', () => this.drainBounded());
      await step('saving data', () => d.privileges.flush());
    }
    await step(`stopping the ${d.coordinator.kind} coordinator (a final upload when active)`, () => d.coordinator.stop());
    role.detach();
    if (this.p.surface) await step('saving the room users', () => this.p.surface!.stopping());
    this.unsubscribeTransport?.();
    this.unsubscribeTransport = null;
    const health = this.healthServer;
    this.healthServer = null;
    // Data is saved and uploaded: leaving, closing the endpoint and releasing the storage can overlap.
    await Promise.all([
      // other instances on the same account keep receiving the rooms' messages only if we stay in them
      d.coordinator.sharesAccount ? step('closing the chat connection (staying in the rooms for the other instances)', () => d.transport.close({ leaveRooms: false })) : step('leaving rooms', () => d.transport.close()),
      health ? step('closing the health endpoint', () => health.stop()) : undefined,
      step('closing the storage (releasing its lock)', async () => d.storage.close?.()),
    ]);
    this.state = 'stopped';
    d.logger.info(`${d.name} stopped`);
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
