import type { Logger } from 'pino';
import type { RedisCoordinationOptions } from '@botpy/redis';
import type { BootstrapOptions, ChatHost } from '../bot-options.js';
import { ConfigError } from '../errors.js';

/**
 * `coordination.redis` completed from the environment: `BOTPY_REDIS_URL` (sets, or overrides, the
 * URL), `BOTPY_REDIS_PASSWORD`, `BOTPY_REDIS_PRIORITY`, `BOTPY_REDIS_LOCATION`. Null when Redis is
 * not configured at all.
 */
export function redisOptionsOf(o: BootstrapOptions): RedisCoordinationOptions | null {
  const env = o.env ?? process.env;
  const given = o.coordination?.redis;
  if (!given && !env.BOTPY_REDIS_URL) return null;
  const r: RedisCoordinationOptions = { ...(given ?? { url: '' }) };
  if (env.BOTPY_REDIS_URL) r.url = env.BOTPY_REDIS_URL;
  if (env.BOTPY_REDIS_PASSWORD) r.password = env.BOTPY_REDIS_PASSWORD;
  if (env.BOTPY_REDIS_PRIORITY) {
    const p = Number(env.BOTPY_REDIS_PRIORITY);
    if (!Number.isFinite(p)) throw new ConfigError(`BOTPY_REDIS_PRIORITY must be a number, got "${env.BOTPY_REDIS_PRIORITY}"`);
    r.priority = p;
  }
  if (env.BOTPY_REDIS_LOCATION) r.location = env.BOTPY_REDIS_LOCATION;
  return r;
}

/**
 * With `coordination.redis` (or `BOTPY_REDIS_URL`): loads `@botpy/redis` — by dynamic import, so a
 * bot without Redis never loads a Redis client — and returns the options with its lease as the
 * `coordinator` and its store as the `storage` (unless one is given). Without: the options as they are.
 */
export async function withRedisCoordination(o: BootstrapOptions, host: ChatHost, logger: Logger): Promise<BootstrapOptions> {
  const r = redisOptionsOf(o);
  if (!r) return o;
  if (o.redunda) throw new ConfigError('give either coordination.redis or redunda, not both (each decides which instance is active)');
  if (o.coordinator !== undefined) throw new ConfigError('give either coordination.redis or coordinator, not both');
  const { createRedisCoordination } = await import('@botpy/redis');
  try {
    const made = createRedisCoordination(
      { ...(o.location !== undefined ? { location: o.location } : {}), ...r },
      { bot: o.name.replace(/\s+/g, '').toLowerCase(), server: host, logger: logger.child({ component: 'redis' }) },
    );
    return { ...o, coordinator: made.coordinator, ...(made.storage && o.storage === undefined ? { storage: made.storage } : {}) };
  } catch (err) {
    if ((err as { code?: string }).code === 'CONFIG') throw new ConfigError((err as Error).message);
    throw err;
  }
}
