import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { ConfigError } from '../src/errors.js';
import { redisOptionsOf, withRedisCoordination } from '../src/coordination/redis-coordination.js';
import type { BootstrapOptions } from '../src/bot-options.js';

// The bootstrap side of @botpy/redis: options and environment in, coordinator and storage out.
// Nothing connects before start(), so no Redis is needed here (the behaviour is tested on a real
// Redis in packages/redis/test and tests/redis/three-processes.test.ts).
const logger = pino({ level: 'silent' });
const base: BootstrapOptions = { name: 'Test Bot', rooms: [1], env: {} };

describe('coordination.redis in bootstrap options', () => {
  it('turns coordination.redis into the lease coordinator and the Redis storage, scoped to bot and chat server', async () => {
    const o = await withRedisCoordination({ ...base, location: 'here', coordination: { redis: { url: 'redis://127.0.0.1:1', priority: 2 } } }, 'stackoverflow.com', logger);
    const coordinator = o.coordinator as { kind: string; location: string };
    expect(coordinator.kind).toBe('redis');
    expect(coordinator.location).toBe('here');
    expect((o.storage as { location: string }).location).toBe('redis://127.0.0.1:1/botpy:testbot@stackoverflow.com');
    await (o.storage as { close(): Promise<void> }).close();
  });

  it('BOTPY_REDIS_URL alone turns it on; BOTPY_REDIS_PRIORITY/LOCATION/PASSWORD complete it; storage:false keeps the files', async () => {
    expect(redisOptionsOf(base)).toBeNull();
    const env = { BOTPY_REDIS_URL: 'rediss://redis.example.org:6380', BOTPY_REDIS_PRIORITY: '3', BOTPY_REDIS_LOCATION: 'pi', BOTPY_REDIS_PASSWORD: 'env-Pa55word' };
    expect(redisOptionsOf({ ...base, env })).toEqual({ url: 'rediss://redis.example.org:6380', priority: 3, location: 'pi', password: 'env-Pa55word' });
    const o = await withRedisCoordination({ ...base, env, coordination: { redis: { url: 'redis://ignored:1', storage: false } } }, 'stackexchange.com', logger);
    expect((o.coordinator as { kind: string }).kind).toBe('redis');
    expect(o.storage).toBeUndefined();
    expect(() => redisOptionsOf({ ...base, env: { BOTPY_REDIS_URL: 'redis://h:1', BOTPY_REDIS_PRIORITY: 'high' } })).toThrow(ConfigError);
  });

  it('refuses redis together with redunda or a coordinator, and a bad URL, with a ConfigError that holds no password', async () => {
    const redis = { url: 'redis://:sekrit-Pa55@127.0.0.1:1' };
    await expect(withRedisCoordination({ ...base, coordination: { redis }, redunda: { key: 'k', version: '1' } }, 'stackexchange.com', logger)).rejects.toThrow(/either coordination.redis or redunda/);
    await expect(withRedisCoordination({ ...base, coordination: { redis }, coordinator: {} as never }, 'stackexchange.com', logger)).rejects.toThrow(ConfigError);
    const err = await withRedisCoordination({ ...base, coordination: { redis: { url: 'http://:sekrit-Pa55@127.0.0.1:1' } } }, 'stackexchange.com', logger).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/redis:\/\/ or rediss:\/\//);
    expect(String((err as Error).message)).not.toContain('sekrit');
  });
});
