import { RedisConfigError } from './errors.js';
import type { RedisLogger } from './ports.js';
import type { RedisConnectionOptions } from './redis-connection.js';
import { RedisCoordinator } from './redis-coordinator.js';
import { RedisStorage } from './redis-storage.js';

/** What `bootstrap({ coordination: { redis } })` accepts (seconds, like the rest of the bootstrap options). */
export interface RedisCoordinationOptions extends RedisConnectionOptions {
  /** Seconds a lease lasts without renewal (default 15). Failover takes at most about lease + renewEvery. */
  lease?: number;
  /** Seconds between renewals and standby checks (default lease / 3). */
  renewEvery?: number;
  /** Smaller is preferred, as in Redunda (default 100). */
  priority?: number;
  /** This instance's location (default: the host name). */
  location?: string;
  /** Instances in this location are preferred over every other. */
  preferLocation?: string | null;
  /** Keep the bot's data (privileges, users, bot data) in Redis too (default true). */
  storage?: boolean;
  /**
   * Seconds a storage operation keeps retrying while Redis cannot be reached (default: a quarter of
   * the lease, at most 5), so a command whose write fails can still say so while its instance holds
   * the lease.
   */
  retryFor?: number;
  /** This instance's id in Redis (default host-pid-random). */
  instanceId?: string;
}

export interface RedisCoordination {
  coordinator: RedisCoordinator;
  /** Null when `storage: false`. */
  storage: RedisStorage | null;
}

/** Builds the coordinator (and the store) for one app; nothing connects before `start()` / the first storage call. */
export function createRedisCoordination(o: RedisCoordinationOptions, scope: { bot: string; server: string; logger?: RedisLogger }): RedisCoordination {
  if (typeof o !== 'object' || o === null) throw new RedisConfigError('coordination.redis must be an object with a url');
  const sec = (v: number | undefined, what: string) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new RedisConfigError(`coordination.redis.${what} must be a positive number of seconds`);
    return v * 1000;
  };
  const { lease, renewEvery, priority, location, preferLocation, storage, retryFor, instanceId, ...connection } = o;
  const coordinator = new RedisCoordinator({
    ...connection, ...scope,
    ...(lease !== undefined ? { leaseMs: sec(lease, 'lease') } : {}),
    ...(renewEvery !== undefined ? { renewEveryMs: sec(renewEvery, 'renewEvery') } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(location !== undefined ? { location } : {}),
    ...(preferLocation !== undefined ? { preferLocation } : {}),
    ...(instanceId !== undefined ? { instanceId } : {}),
  });
  const leaseMs = sec(lease, 'lease') ?? 15_000;
  const store = storage === false ? null : new RedisStorage({
    ...connection, ...scope, instanceId: coordinator.instanceId,
    retryForMs: retryFor === undefined ? Math.min(5000, leaseMs / 4) : retryFor === 0 ? 0 : sec(retryFor, 'retryFor')!,
  });
  return { coordinator, storage: store };
}
