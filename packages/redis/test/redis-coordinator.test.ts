// RedisCoordinator against a real redis-server (started here on a free port): election, handover by
// rank, release on stop, lease lapse while Redis hangs, Redis restarted with and without its data.
// A monitor samples mayAct() of every coordinator every few ms: never two at once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { RedisCoordinator, type RedisCoordinatorOptions } from '../src/index.js';
import { RedisServer } from './redis-server.js';

const LEASE = 1500;
const RENEW = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('RedisCoordinator on a real Redis', () => {
  let server: RedisServer;
  let bot = 0;
  const all: RedisCoordinator[] = [];
  let overlaps = 0;
  let sampler: NodeJS.Timeout;

  const make = (o: Partial<RedisCoordinatorOptions> = {}) => {
    const c = new RedisCoordinator({ url: server.url, bot: `bot${bot}`, server: 'stackexchange.com', leaseMs: LEASE, renewEveryMs: RENEW, commandTimeoutMs: 400, ...o });
    all.push(c);
    return c;
  };
  const active = () => all.filter((c) => c.mayAct());

  beforeAll(async () => {
    server = await RedisServer.start({ persistent: true });
    sampler = setInterval(() => {
      if (active().length > 1) overlaps++;
    }, 3);
  });
  afterEach(async () => {
    await Promise.all(all.splice(0).map((c) => c.stop()));
    expect(overlaps).toBe(0);
    bot++;
  });
  afterAll(async () => {
    clearInterval(sampler);
    await server?.stop();
  });

  it('three instances: exactly one acts, the best-ranked; its token grows with each new holder', async () => {
    const a = make({ instanceId: 'a', priority: 1 });
    await a.start();
    // a brand-new Redis has no record of earlier leases: the first holder waits one lease before acting
    expect(a.role).toBe('standby');
    await until('a to act', () => a.mayAct());
    const b = make({ instanceId: 'b', priority: 2 });
    const c = make({ instanceId: 'c', priority: 3 });
    await Promise.all([b.start(), c.start()]);
    await sleep(3 * RENEW);
    expect(active()).toEqual([a]);
    expect([a.role, b.role, c.role]).toEqual(['active', 'standby', 'standby']);
    const t1 = a.token!;
    await a.stop(); // hands over to the best other live instance (b) at once
    await until('b to act', () => b.mayAct(), RENEW * 3);
    expect(b.token).toBeGreaterThan(t1);
    expect(c.role).toBe('standby');
  });

  it('a better-ranked instance that shows up gets the lease handed over; roles change once each', async () => {
    const b = make({ instanceId: 'b', priority: 2 });
    await b.start();
    await until('b to act', () => b.mayAct(), LEASE * 3);
    const roles: string[] = [];
    b.onRoleChange((r) => roles.push(`b:${r}`));
    const a = make({ instanceId: 'a', priority: 1 });
    a.onRoleChange((r) => roles.push(`a:${r}`));
    await a.start();
    expect(a.role).toBe('standby');
    await until('a to act', () => a.mayAct(), RENEW * 8);
    await sleep(4 * RENEW);
    expect(roles).toEqual(['a:standby', 'b:standby', 'a:active']); // a: starting → standby, then the handover
    expect(active()).toEqual([a]);
  });

  it('prefer-location beats priority', async () => {
    const a = make({ instanceId: 'a', priority: 1, location: 'home', preferLocation: 'cloud' });
    await a.start();
    await until('a to act', () => a.mayAct(), LEASE * 3);
    const b = make({ instanceId: 'b', priority: 5, location: 'cloud', preferLocation: 'cloud' });
    await b.start();
    await until('b to act', () => b.mayAct(), RENEW * 8);
    expect(a.role).toBe('standby');
  });

  it('kill of the holder (no release): another acts within lease + one renewal, never before the lease lapsed', async () => {
    const a = make({ instanceId: 'a', priority: 1 });
    await a.start();
    await until('a to act', () => a.mayAct(), LEASE * 3);
    const b = make({ instanceId: 'b', priority: 2 });
    await b.start();
    await sleep(RENEW * 2);
    // simulate a crash: a's connections vanish without releasing anything, and a stops renewing
    const killedAt = Date.now();
    (a as unknown as { running: boolean }).running = false;
    for (const k of ['client', 'sub'] as const) (a as unknown as Record<string, Redis>)[k].disconnect(false);
    await until('b to act', () => b.mayAct(), LEASE + RENEW * 4);
    const took = Date.now() - killedAt;
    expect(took).toBeLessThanOrEqual(LEASE + RENEW + 500);
    // a is not acting any more by then (its own deadline passed first)
    expect(a.mayAct()).toBe(false);
  });

  it('Redis hangs (SIGSTOP) longer than the lease: the holder stops acting by its deadline; afterwards exactly one acts again', async () => {
    const a = make({ instanceId: 'a', priority: 1 });
    const b = make({ instanceId: 'b', priority: 2 });
    await a.start();
    await b.start();
    await until('a to act', () => a.mayAct(), LEASE * 3);
    const downs: unknown[] = [];
    a.on('down', (e) => downs.push(e));
    server.pause();
    const pausedAt = Date.now();
    try {
      await until('a to stop acting', () => !a.mayAct(), LEASE + 200);
      expect(Date.now() - pausedAt).toBeLessThan(LEASE);
      await until('a to report standby', () => a.role === 'standby', 500); // its deadline timer follows mayAct() within moments
      await sleep(LEASE);
      expect(active()).toEqual([]);
    } finally {
      server.resume();
    }
    expect(downs.length).toBe(1);
    expect((downs[0] as { code: string }).code).toBe('STORAGE_UNAVAILABLE');
    const bRoles: string[] = [];
    b.onRoleChange((r) => bRoles.push(r));
    await until('someone to act again', () => active().length === 1, LEASE * 3);
    // the outage was no evidence that a died: a (best-ranked) takes the lease back first, b never acts
    expect(active()).toEqual([a]);
    await sleep(RENEW * 8);
    expect(active()).toEqual([a]);
    expect(bRoles).toEqual([]);
  });

  it('Redis restarted with its data (AOF): the holder keeps acting, nobody else acts', async () => {
    const a = make({ instanceId: 'a', priority: 1 });
    const b = make({ instanceId: 'b', priority: 2 });
    await a.start();
    await b.start();
    await until('a to act', () => a.mayAct(), LEASE * 3);
    const token = a.token;
    await server.restart();
    await sleep(LEASE * 2);
    expect(active()).toEqual([a]);
    expect(a.token).toBe(token);
  });

  it('Redis restarted empty (no persistence): never two acting; exactly one acts afterwards', async () => {
    const a = make({ instanceId: 'a', priority: 1 });
    const b = make({ instanceId: 'b', priority: 2 });
    await a.start();
    await b.start();
    await until('a to act', () => a.mayAct(), LEASE * 3);
    const admin = new Redis(server.url);
    try {
      await admin.flushall(); // what a restart without persistence leaves: no keys at all
    } finally {
      admin.disconnect();
    }
    await sleep(LEASE * 3);
    expect(active().length).toBe(1);
  });
});
