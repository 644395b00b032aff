// Redis coordination benchmarks (needs Debian's redis-server; skipped with a note without it):
// - redis.failover: kill -9 of the active instance among three coordinator processes, 20 times;
//   time from the kill until another instance reports active (median and max), against the bound
//   lease + one renewal interval.
// - redis.grant: the cost of one privilege grant through the Storage port, Redis against the JSON
//   file store (see grantCost below).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metric, median, note, percentile } from './lib.js';

const CHILD = fileURLToPath(new URL('./redis-coordinator-child.js', import.meta.url));
const KILLS = 20;
const LEASE_MS = 1000;
const RENEW_MS = 250;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function benchRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    note('redis-server is not installed (apt-get install redis-server): Redis benchmarks skipped');
    return;
  }
  const redis = await startRedis();
  try {
    await benchFailover(redis.url);
    await (await import('./redis-grant.js')).benchGrant(redis.url);
  } finally {
    await redis.stop();
  }
}

async function benchFailover(url) {
  const procs = [];
  const spawnOne = (i) => {
    const p = spawn(process.execPath, [CHILD], {
      env: { ...process.env, BENCH_REDIS: JSON.stringify({ url, bot: 'BenchBot', instanceId: `i${i}`, priority: i, leaseMs: LEASE_MS, renewEveryMs: RENEW_MS, commandTimeoutMs: 200 }) },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const st = { p, i, role: 'starting', lines: [], alive: true };
    let buf = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d) => {
      buf += d;
      let k;
      while ((k = buf.indexOf('\n')) >= 0) {
        const l = JSON.parse(buf.slice(0, k));
        buf = buf.slice(k + 1);
        st.lines.push(l);
        if (l.role) st.role = l.role;
      }
    });
    p.on('exit', () => (st.alive = false));
    procs[i] = st;
    return st;
  };
  const until = async (cond, ms) => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) return false;
      await sleep(2);
    }
    return true;
  };
  for (let i = 0; i < 3; i++) spawnOne(i);
  const times = [];
  let doubles = 0;
  try {
    if (!(await until(() => procs[0].role === 'active', 15_000))) throw new Error('instance 0 did not become active');
    for (let k = 0; k < KILLS; k++) {
      await sleep(RENEW_MS * 3);
      const act = procs.filter((s) => s.alive && s.role === 'active');
      if (act.length !== 1) doubles++;
      const victim = act[0];
      const killedAt = Date.now();
      victim.p.kill('SIGKILL');
      await new Promise((r) => (victim.alive ? victim.p.once('exit', r) : r()));
      const ok = await until(() => procs.some((s) => s !== victim && s.alive && s.role === 'active'), 10_000);
      if (!ok) throw new Error('no takeover within 10 s');
      const next = procs.find((s) => s !== victim && s.alive && s.role === 'active');
      times.push(next.lines.filter((l) => l.role === 'active').at(-1).t - killedAt);
      spawnOne(victim.i); // it comes back (and may get the lease handed back: it ranks by its priority)
      await until(() => procs[victim.i].lines.some((l) => l.started), 10_000);
      // the best-ranked one (the one just restarted) gets the lease handed back after two renewals
      await until(() => procs[victim.i].role === 'active' && procs.filter((s) => s.alive && s.role === 'active').length === 1, 10_000);
    }
  } finally {
    for (const s of procs) if (s.alive) s.p.kill('SIGKILL');
  }
  const bound = LEASE_MS + RENEW_MS;
  note(`failover times (ms): ${times.join(', ')}`);
  metric('redis.failover.median', median(times), 'ms', `<= ${bound} (lease + one renewal)`, median(times) <= bound, { kills: times.length, leaseMs: LEASE_MS, renewEveryMs: RENEW_MS });
  metric('redis.failover.max', Math.max(...times), 'ms', `<= ${bound} (lease + one renewal)`, Math.max(...times) <= bound, { p90: percentile(times, 90), kills: times.length });
  metric('redis.failover.two-actives-seen', doubles, 'count', '0', doubles === 0);
}

/** redis-server on a free loopback port, AOF with fsync on every write (as the docs recommend). */
export async function startRedis() {
  const dir = await mkdtemp(join(tmpdir(), 'botpy-bench-redis-'));
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { stdio: 'ignore' });
  const { Redis } = await import('ioredis');
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 50 });
  probe.on('error', () => undefined);
  await probe.connect().catch(() => undefined);
  for (let i = 0; i < 200 && (await probe.ping().catch(() => null)) !== 'PONG'; i++) await sleep(25);
  probe.disconnect();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      p.kill('SIGKILL');
      await new Promise((r) => (p.exitCode !== null ? r() : p.once('exit', r)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
