// One coordinator process for the Redis failover benchmark: the BUILT @botpy/redis, configured by
// env BENCH_REDIS (JSON { url, bot, instanceId, priority, leaseMs, renewEveryMs }). stdout: one JSON
// line per role change { t: epoch ms, role }. Ends when stdin closes (no orphan after a crash).
import { RedisCoordinator } from '../../packages/redis/dist/index.js';

const cfg = JSON.parse(process.env.BENCH_REDIS ?? 'null');
if (!cfg) process.exit(2);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
const c = new RedisCoordinator({ ...cfg, server: 'stackexchange.com' });
c.onRoleChange((role) => process.stdout.write(`${JSON.stringify({ t: Date.now(), role, mayAct: c.mayAct() })}\n`));
await c.start();
process.stdout.write(`${JSON.stringify({ t: Date.now(), started: true, role: c.role })}\n`);
