/**
 * Botpy on Redis: a leased coordinator (one active instance per bot, fencing) and a shared store,
 * for running one bot on several machines without Redunda. Loaded by `@botpy/core` only when
 * `bootstrap({ coordination: { redis: { url } } })` (or `BOTPY_REDIS_URL`) is set.
 *
 * @packageDocumentation
 * @module @botpy/redis
 */
export { RedisCoordinator } from './redis-coordinator.js';
export type { RedisCoordinatorOptions } from './redis-coordinator.js';
export { RedisStorage } from './redis-storage.js';
export type { RedisStorageOptions } from './redis-storage.js';
export { createRedisCoordination } from './create-redis-coordination.js';
export type { RedisCoordination, RedisCoordinationOptions } from './create-redis-coordination.js';
export { parseRedisEndpoint, scrub } from './redis-connection.js';
export type { RedisConnectionOptions, RedisEndpoint } from './redis-connection.js';
export { rankInstances } from './instance-ranking.js';
export type { InstanceInfo } from './instance-ranking.js';
export { RedisKeys } from './redis-keys.js';
export { CorruptDocumentError, RedisCommandError, RedisConfigError, RedisError, RedisUnavailableError, UpdateContentionError } from './errors.js';
export type { CoordinatorPort, CoordinatorRole, RedisLogger, StoragePort } from './ports.js';
