// The cost of one privilege grant through the Storage port: PrivilegeService.grant() with the
// StoragePrivilegeRepository (the real code path of the `privilege` command after the user lookup)
// over Redis (RedisStorage: a conditional Lua write, AOF fsync on every write) and over the default
// JSON-file store (temp file + fsync + rename), with the same 50 grants already stored.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metric, median, note, percentile, round } from './lib.js';

const WARMUP = 20;
const GRANTS = 300;
const EXISTING = 50;

export async function benchGrant(url) {
  const core = (p) => import(new URL(`../../packages/core/dist/${p}`, import.meta.url).href);
  const { PrivilegeService } = await core('privileges/privilege-service.js');
  const { StoragePrivilegeRepository } = await core('privileges/storage-privilege-repository.js');
  const { JsonFileStorage } = await core('storage/json-file-storage.js');
  const { RedisStorage } = await import(new URL('../../packages/redis/dist/index.js', import.meta.url).href);
  const dir = await mkdtemp(join(tmpdir(), 'botpy-bench-grant-'));
  const stores = {
    file: new JsonFileStorage({ folder: dir, app: 'benchbot@stackexchange.com' }),
    redis: new RedisStorage({ url, bot: 'benchbot', server: 'stackexchange.com' }),
  };
  const out = {};
  try {
    for (const [kind, storage] of Object.entries(stores)) {
      await storage.open?.();
      const privileges = new PrivilegeService(new StoragePrivilegeRepository(storage, 'stackexchange.com'));
      privileges.addLevel(1, 'regular');
      privileges.addLevel(2, 'owner');
      await privileges.load();
      for (let i = 0; i < EXISTING; i++) await privileges.grant(1, { id: 10_000 + i, name: `u${i}` }, 1);
      const times = [];
      for (let i = 0; i < WARMUP + GRANTS; i++) {
        const t0 = process.hrtime.bigint();
        await privileges.grant(1, { id: 20_000 + (i % 100), name: `v${i}` }, 1 + (i % 2));
        if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      out[kind] = { median: median(times), p99: percentile(times, 99) };
      note(`grant via ${kind}: median ${out[kind].median.toFixed(3)} ms, p99 ${out[kind].p99.toFixed(3)} ms`);
    }
  } finally {
    for (const s of Object.values(stores)) await s.close?.();
    await rm(dir, { recursive: true, force: true });
  }
  metric('redis.grant.redis.median', out.redis.median, 'ms', null, null, { p99: round(out.redis.p99), grants: GRANTS, storedGrants: EXISTING, redis: 'AOF appendfsync always' });
  metric('redis.grant.file.median', out.file.median, 'ms', null, null, { p99: round(out.file.p99), grants: GRANTS, storedGrants: EXISTING });
  metric('redis.grant.ratio', out.redis.median / out.file.median, 'x', null, null, { note: 'Redis median / file median' });
}
