import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { RedisCommandError, RedisConfigError, RedisUnavailableError } from './errors.js';
import { ACQUIRE, HEARTBEAT, RELEASE, RENEW } from './lease-scripts.js';
import { authRefusal, connectBounded, createRedisClient, describeFailure, parseRedisEndpoint, type RedisConnectionOptions, type RedisEndpoint } from './redis-connection.js';
import { RedisKeys } from './redis-keys.js';
import { silentLogger, type CoordinatorPort, type CoordinatorRole, type RedisLogger } from './ports.js';
import { rankInstances, type InstanceInfo } from './instance-ranking.js';

/** Settings of the lease and of this instance's place among its peers. */
export interface RedisCoordinatorOptions extends RedisConnectionOptions {
  /** The bot's name and chat server: the lease is theirs (two bots, or one bot on two servers, never share it). */
  bot: string;
  server: string;
  /** This instance's id in Redis (default `<host>-<pid>-<random>`). */
  instanceId?: string;
  /** Where this instance runs, for `location` and the ranking (default: the host name). */
  location?: string;
  /** Smaller is preferred, as in Redunda (default 100). */
  priority?: number;
  /** Instances in this location are preferred over every other, whatever their priority (default: none). */
  preferLocation?: string | null;
  /** How long a lease lasts without renewal, ms (default 15000). */
  leaseMs?: number;
  /** How often the holder renews and standbys look, ms (default a third of the lease). */
  renewEveryMs?: number;
  /** The largest clock rate difference allowed for between this machine and Redis (default 0.01 = 1 %). */
  maxDriftRate?: number;
  /** Extra ms the holder stops acting before its lease could have ended in Redis (default lease/10, at most 1000). */
  safetyMs?: number;
  logger?: RedisLogger;
}

type Holding = { token: number; deadline: number; activeFrom: number };

/**
 * One active instance per bot, elected with a lease in Redis.
 *
 * The holder renews every `renewEveryMs`; it stops acting (`mayAct()` false, role `standby`) at its
 * local deadline — the time its last successful renewal was *sent* plus the lease, less the drift
 * allowance and the safety margin — so it is never still acting when Redis lets the lease lapse and
 * a standby takes it, even when this process was paused or cut off. Tokens only grow. Standbys take
 * a free lease in rank order (preferred location, then priority); a better-ranked instance that
 * shows up is handed the lease after it has been seen for two renewal intervals.
 */
export class RedisCoordinator implements CoordinatorPort {
  readonly kind = 'redis';
  readonly sharesAccount = true;
  readonly instanceId: string;
  readonly location: string;
  private readonly e: RedisEndpoint;
  private readonly keys: RedisKeys;
  private readonly log: RedisLogger;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly stopEarlyMs: number;
  private readonly info: InstanceInfo;
  private readonly events = new EventEmitter();
  private client: Redis | null = null;
  private sub: Redis | null = null;
  private roleNow: CoordinatorRole = 'starting';
  private holding: Holding | null = null;
  private handingOver = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private reachable: boolean | null = null;
  private freeSince: number | null = null;
  private readonly betterSince = new Map<string, number>();
  private lastLive: InstanceInfo[] = [];

  constructor(o: RedisCoordinatorOptions) {
    this.e = parseRedisEndpoint(o);
    if (typeof o.bot !== 'string' || !o.bot || typeof o.server !== 'string' || !o.server) throw new RedisConfigError('the coordinator needs the bot name and the chat server');
    const pos = (v: number | undefined, d: number, what: string) => {
      if (v === undefined) return d;
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new RedisConfigError(`redis.${what} must be a positive number`);
      return v;
    };
    this.leaseMs = pos(o.leaseMs, 15_000, 'leaseMs');
    this.renewMs = pos(o.renewEveryMs, Math.round(this.leaseMs / 3), 'renewEveryMs');
    const drift = o.maxDriftRate ?? 0.01;
    if (!(drift >= 0 && drift < 0.5)) throw new RedisConfigError('redis.maxDriftRate must be between 0 and 0.5');
    const safety = o.safetyMs ?? Math.min(1000, this.leaseMs / 10);
    this.stopEarlyMs = this.leaseMs * drift + safety;
    if (this.renewMs * 2 + this.e.commandTimeoutMs > this.leaseMs - this.stopEarlyMs) {
      throw new RedisConfigError(`redis: the lease (${this.leaseMs} ms) must leave room for two renewals (every ${this.renewMs} ms) and a command timeout (${this.e.commandTimeoutMs} ms) before the holder's safety stop`);
    }
    this.instanceId = o.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.location = o.location ?? hostname();
    const priority = o.priority ?? 100;
    if (!Number.isFinite(priority)) throw new RedisConfigError('redis.priority must be a number');
    this.info = { id: this.instanceId, location: this.location, priority, preferred: o.preferLocation != null && o.preferLocation === this.location };
    this.keys = new RedisKeys(this.e.prefix, o.bot, o.server);
    this.log = o.logger ?? silentLogger;
    this.events.setMaxListeners(0);
  }

  get role(): CoordinatorRole {
    return this.roleNow;
  }

  /** The fencing token of the lease this instance holds, or null. */
  get token(): number | null {
    return this.holding?.token ?? null;
  }

  /** Where Redis is (no credentials). */
  get redisLocation(): string {
    return this.e.location;
  }

  mayAct(): boolean {
    const h = this.holding;
    return h !== null && (this.roleNow === 'active' || this.handingOver) && performance.now() < h.deadline;
  }

  dataChanged(): void {
    // Redis is the shared store: other instances see every change at once, nothing to upload.
  }

  onRoleChange(fn: (role: CoordinatorRole, previous: CoordinatorRole) => void): () => void {
    this.events.on('role', fn);
    return () => this.events.off('role', fn);
  }

  on(event: 'error' | 'down' | 'back' | 'event', fn: (...args: unknown[]) => void): () => void {
    this.events.on(event, fn);
    return () => this.events.off(event, fn);
  }

  /** Connects and takes part in the election; resolves once the first role is known (at most about one lease). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.client = createRedisClient(this.e, 'coordinator');
    this.sub = createRedisClient(this.e, 'coordinator-sub');
    this.sub.on('message', () => this.kick());
    const [ok] = await Promise.all([connectBounded(this.client, this.leaseMs), connectBounded(this.sub, this.leaseMs)]);
    await this.sub.subscribe(this.keys.coordChannel).catch(() => undefined);
    if (!ok) this.unreachable(new Error('no connection'), 'connect');
    await this.tick();
    if (this.roleNow === 'starting') this.setRole('standby');
    this.log.info({ instance: this.instanceId, role: this.roleNow, redis: this.e.location, leaseMs: this.leaseMs, renewEveryMs: this.renewMs }, `redis coordinator started as ${this.roleNow}`);
  }

  /** Hands the lease to the best other live instance (or frees it), leaves the instance list and disconnects. Bounded; never rejects. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.deadlineTimer);
    await this.ticking?.catch(() => undefined);
    const c = this.client;
    if (c && this.holding) {
      const next = rankInstances(this.lastLive.filter((i) => i.id !== this.instanceId))[0]?.id ?? '';
      await this.release(next).catch(() => undefined);
    }
    await c?.hdel(this.keys.presence, this.instanceId).catch(() => undefined);
    this.holding = null;
    this.roleNow = 'standby'; // the application is stopping: no role-change callbacks
    for (const cl of [this.client, this.sub]) cl?.disconnect(false);
    this.client = this.sub = null;
  }

  /** Runs a tick now (a lease was released) unless one is running. */
  private kick(): void {
    if (this.running && !this.ticking) void this.tick();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    const jitter = 0.9 + Math.random() * 0.2;
    this.timer = setTimeout(() => void this.tick(), Math.round(this.renewMs * jitter));
  }

  private tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.step()
      .catch((err) => this.log.error({ err: describeFailure(err, this.e.secrets) }, 'redis coordinator step failed'))
      .finally(() => {
        this.ticking = null;
        this.schedule();
      });
    return this.ticking;
  }

  private async step(): Promise<void> {
    const c = this.client;
    if (!c || !this.running) return;
    this.expireIfLate();
    if (this.holding) {
      const sent = performance.now();
      const h = this.holding;
      let r: number;
      try {
        r = Number(await c.eval(RENEW, 2, this.keys.lease, this.keys.fence, this.instanceId, String(h.token), String(this.leaseMs)));
      } catch (err) {
        this.unreachable(err, 'renew');
        return;
      }
      this.reached();
      if (this.holding !== h) return;
      if (r === 0) {
        this.log.warn({ token: h.token }, 'the lease is no longer ours (it lapsed or another instance holds it): standing by');
        this.dropLease();
      } else {
        if (r === 2) this.log.warn({ token: h.token }, 'Redis had lost the lease (a restart without persistence or a flush): re-created it');
        this.extend(h, sent, this.leaseMs);
      }
    }
    let beat: string[];
    try {
      beat = (await c.eval(HEARTBEAT, 3, this.keys.presence, this.keys.lease, this.keys.handover, this.instanceId, JSON.stringify(this.info), String(this.renewMs * 3))) as string[];
    } catch (err) {
      this.unreachable(err, 'heartbeat');
      return;
    }
    this.reached();
    const [leaseValue, handover] = [String(beat[0] ?? ''), String(beat[1] ?? '')];
    const live: InstanceInfo[] = [];
    for (let i = 2; i + 1 < beat.length; i += 2) {
      try {
        live.push({ ...(JSON.parse(String(beat[i + 1])) as InstanceInfo), id: String(beat[i]) });
      } catch {}
    }
    this.lastLive = live;
    const ranked = rankInstances(live);
    const now = performance.now();
    if (this.holding) {
      if (this.roleNow !== 'active' && !this.handingOver && now >= this.holding.activeFrom && now < this.holding.deadline) this.setRole('active');
      if (this.roleNow === 'active') await this.considerHandover(ranked, now);
      return;
    }
    if (leaseValue !== '') {
      this.freeSince = null;
      return;
    }
    this.freeSince ??= now;
    const mine = handover === this.instanceId;
    if (handover !== '' && !mine) return;
    const best = ranked[0]?.id === this.instanceId;
    if (!mine && !best && now - this.freeSince < this.renewMs * 2) return;
    await this.acquire(c);
  }

  private async acquire(c: Redis): Promise<void> {
    const sent = performance.now();
    let r: unknown[];
    try {
      r = (await c.eval(ACQUIRE, 3, this.keys.lease, this.keys.fence, this.keys.handover, this.instanceId, String(this.leaseMs))) as unknown[];
    } catch (err) {
      this.unreachable(err, 'acquire');
      return;
    }
    if (Number(r[0]) !== 1) return;
    const token = Number(r[1]);
    const ttl = Math.min(Number(r[2]), this.leaseMs);
    const fresh = Number(r[3]) === 1;
    // Fresh: Redis has no record of earlier leases, so a holder from before a data loss may still act
    // until its own deadline: wait one full lease (with drift) before acting.
    const activeFrom = fresh ? sent + this.leaseMs * (1 + (this.stopEarlyMs / this.leaseMs)) : sent;
    this.holding = { token, deadline: 0, activeFrom };
    this.extend(this.holding, sent, ttl);
    this.freeSince = null;
    this.betterSince.clear();
    if (fresh) {
      this.log.warn({ token, waitMs: Math.round(activeFrom - sent) }, 'Redis has no record of earlier leases (new, flushed or restarted without persistence): holding the lease one lease time before acting');
      setTimeout(() => this.kick(), Math.ceil(activeFrom - sent) + 5).unref();
      return;
    }
    this.log.info({ token }, 'acquired the lease');
    this.setRole('active');
  }

  /** The holder's local deadline: when the lease was asked for, plus what Redis granted, less drift and margin. */
  private extend(h: Holding, sentAt: number, ttlMs: number): void {
    h.deadline = sentAt + ttlMs - this.stopEarlyMs;
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = setTimeout(() => this.expireIfLate(), Math.max(0, h.deadline - performance.now()) + 1);
  }

  private expireIfLate(): void {
    const h = this.holding;
    if (!h || performance.now() < h.deadline) return;
    this.log.warn({ token: h.token }, 'could not renew the lease before its deadline: standing by (another instance may take over)');
    this.dropLease();
  }

  private dropLease(): void {
    this.holding = null;
    this.handingOver = false;
    clearTimeout(this.deadlineTimer);
    if (this.roleNow !== 'standby') this.setRole('standby');
  }

  /** Hands the lease to a better-ranked instance once it has been live for two renewal intervals. */
  private async considerHandover(ranked: InstanceInfo[], now: number): Promise<void> {
    const myIndex = ranked.findIndex((i) => i.id === this.instanceId);
    const better = myIndex < 0 ? [] : ranked.slice(0, myIndex);
    for (const id of [...this.betterSince.keys()]) if (!better.some((b) => b.id === id)) this.betterSince.delete(id);
    for (const b of better) if (!this.betterSince.has(b.id)) this.betterSince.set(b.id, now);
    const ready = better.find((b) => now - this.betterSince.get(b.id)! >= this.renewMs * 2);
    if (!ready) return;
    this.log.info({ to: ready.id, location: ready.location, priority: ready.priority }, 'a preferred instance is live: handing the lease over');
    this.handingOver = true;
    this.setRole('standby'); // the application stops answering and may post its standby message while the lease is still ours
    await new Promise((r) => setTimeout(r, Math.min(300, this.renewMs / 2))); // replies of commands already running may still go out
    await this.release(ready.id).catch((err) => this.unreachable(err, 'release'));
    this.holding = null;
    this.handingOver = false;
    clearTimeout(this.deadlineTimer);
  }

  private async release(successor: string): Promise<void> {
    const h = this.holding;
    if (!h || !this.client) return;
    await this.client.eval(RELEASE, 2, this.keys.lease, this.keys.handover, this.instanceId, String(h.token), String(this.leaseMs), successor, this.keys.coordChannel);
  }

  private setRole(role: CoordinatorRole): void {
    const previous = this.roleNow;
    if (previous === role) return;
    this.roleNow = role;
    this.log.info({ role, previous, token: this.holding?.token ?? null }, `redis coordinator: ${role}`);
    for (const fn of this.events.listeners('role') as ((r: CoordinatorRole, p: CoordinatorRole) => void)[]) {
      try {
        fn(role, previous);
      } catch (err) {
        this.log.error({ err }, 'a role-change listener threw');
      }
    }
  }

  private unreachable(err: unknown, operation: string): void {
    if (this.reachable === false) return;
    this.reachable = false;
    const refusal = this.client ? authRefusal(this.client) : null;
    if (refusal) {
      const e = new RedisCommandError(operation, this.e.location, describeFailure(refusal, this.e.secrets));
      this.log.error({ code: e.code, err: e.message }, 'Redis refused this instance (check the password / ACL user): staying on standby');
      this.events.emit('down', e);
      if (this.events.listenerCount('error') > 0) this.events.emit('error', e);
      return;
    }
    const e = new RedisUnavailableError(operation, this.e.location, describeFailure(err, this.e.secrets));
    this.log.warn({ code: e.code, err: e.message, role: this.roleNow }, 'redis appears to be down; keeping the current role until the lease could have lapsed');
    this.events.emit('down', e);
    if (this.events.listenerCount('error') > 0) this.events.emit('error', e);
  }

  private reached(): void {
    if (this.reachable === true) return;
    const wasDown = this.reachable === false;
    this.reachable = true;
    if (wasDown) {
      this.log.info({ redis: this.e.location }, 'redis is reachable again');
      this.events.emit('back');
    }
  }
}
