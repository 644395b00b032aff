// RedisStorage against a real redis-server: documents, namespacing by bot and chat server, atomic
// concurrent updates from two connections, watch() across instances, outages (hung and restarted
// Redis), TLS with a password, and no secret in any error.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedisStorage, type RedisStorageOptions } from '../src/index.js';
import { RedisServer } from './redis-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const TLS_DIR = resolve(here, '../../chat/test/fixtures/tls');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RedisStorage on a real Redis', () => {
  let server: RedisServer;
  const stores: RedisStorage[] = [];
  const logs: { level: string; obj: object; msg?: string }[] = [];
  const logger = {
    debug: (obj: object, msg?: string) => logs.push({ level: 'debug', obj, msg }),
    info: (obj: object, msg?: string) => logs.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg?: string) => logs.push({ level: 'warn', obj, msg }),
    error: (obj: object, msg?: string) => logs.push({ level: 'error', obj, msg }),
  };
  const make = (o: Partial<RedisStorageOptions> = {}) => {
    const s = new RedisStorage({ url: server.url, bot: 'TestBot', server: 'stackexchange.com', commandTimeoutMs: 300, retryForMs: 1500, logger, ...o });
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await RedisServer.start({ persistent: true });
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  it('reads, writes, deletes and lists documents; bots and chat servers do not see each other', async () => {
    const s = make();
    expect(s.location).toMatch(/^redis:\/\/127\.0\.0\.1:\d+\/botpy:TestBot@stackexchange\.com$/);
    expect(await s.read('privileges', 'grants')).toBeUndefined();
    await s.write('privileges', 'grants', { grants: [{ userId: 2, level: 1 }] });
    await s.write('privileges', 'a:b/c d', [1, 2]);
    expect(await s.read('privileges', 'grants')).toEqual({ grants: [{ userId: 2, level: 1 }] });
    expect(await s.keys('privileges')).toEqual(['a:b/c d', 'grants']);
    const otherServer = make({ server: 'stackoverflow.com' });
    const otherBot = make({ bot: 'OtherBot' });
    expect(await otherServer.read('privileges', 'grants')).toBeUndefined();
    expect(await otherBot.keys('privileges')).toEqual([]);
    await s.delete('privileges', 'a:b/c d');
    await s.delete('privileges', 'never-there');
    expect(await s.keys('privileges')).toEqual(['grants']);
    // another instance of the same bot sees it all
    expect(await make().read('privileges', 'grants')).toEqual({ grants: [{ userId: 2, level: 1 }] });
  });

  it('update is atomic across instances: 2 × 100 concurrent increments all count', async () => {
    const a = make();
    const b = make();
    const inc = (s: RedisStorage) => s.update<number>('counters', 'n', (n) => (n ?? 0) + 1);
    await Promise.all(Array.from({ length: 200 }, (_, i) => inc(i % 2 ? a : b)));
    expect(await a.read('counters', 'n')).toBe(200);
  });

  it('update: a throwing function changes nothing and its error comes back as it was; undefined deletes', async () => {
    const s = make();
    await s.write('u', 'k', { v: 1 });
    const boom = new Error('connect to nowhere'); // even a message that looks like a network failure is not retried
    await expect(s.update('u', 'k', () => {
      throw boom;
    })).rejects.toBe(boom);
    expect(await s.read('u', 'k')).toEqual({ v: 1 });
    expect(await s.update('u', 'k', () => undefined)).toBeUndefined();
    expect(await s.read('u', 'k')).toBeUndefined();
    expect(await s.keys('u')).toEqual([]);
  });

  it("watch: another instance's change arrives at once, one's own does not", async () => {
    const a = make({ instanceId: 'A' });
    const b = make({ instanceId: 'B' });
    const seenByB: string[] = [];
    const seenByA: string[] = [];
    const offB = b.watch('privileges', (k) => seenByB.push(k));
    a.watch('privileges', (k) => seenByA.push(k));
    await sleep(200); // subscriptions settle
    await a.write('privileges', 'grants', { n: 1 });
    await a.update('privileges', 'grants', () => ({ n: 2 }));
    await a.write('other', 'x', 1);
    const deadline = Date.now() + 2000;
    while (seenByB.length < 2 && Date.now() < deadline) await sleep(10);
    expect(seenByB).toEqual(['grants', 'grants']);
    expect(seenByA).toEqual([]);
    offB();
    await a.write('privileges', 'grants', { n: 3 });
    await sleep(200);
    expect(seenByB).toHaveLength(2);
  });

  it('Redis hung longer than the retry time: a clear STORAGE_UNAVAILABLE; back again: works without a restart', async () => {
    const s = make();
    await s.write('o', 'k', 1);
    server.pause();
    let err: unknown;
    const t0 = Date.now();
    try {
      await s.write('o', 'k', 2);
    } catch (e) {
      err = e;
    } finally {
      server.resume();
    }
    expect(Date.now() - t0).toBeLessThan(4000); // bounded
    expect(err).toMatchObject({ code: 'STORAGE_UNAVAILABLE', message: expect.stringMatching(/^Redis at redis:\/\/127\.0\.0\.1:\d+ is unavailable: writing o\/k failed/) });
    await s.write('o', 'k', 3);
    expect(await s.read('o', 'k')).toBe(3);
  });

  it('Redis restarted during writes: retried until it is back, nothing acknowledged is lost (AOF)', async () => {
    const s = make({ retryForMs: 8000 });
    const acked: number[] = [];
    const failed: number[] = [];
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        await s.update<number[]>('log', 'seq', (cur) => [...(cur ?? []), i]).then(() => acked.push(i), () => failed.push(i));
      }
    })();
    await sleep(200);
    await server.kill();
    await sleep(500);
    await server.restart();
    await sleep(300);
    stop = true;
    await writer;
    expect(failed).toEqual([]);
    const stored = (await s.read<number[]>('log', 'seq'))!;
    for (const i of acked) expect(stored).toContain(i);
    expect(new Set(stored).size).toBe(stored.length); // no update applied twice
    expect(acked.length).toBeGreaterThan(5);
  });

  it('TLS with a password: works; the password is in no error, no log line, not in location', async () => {
    const password = 'redis-Pa55#word-secret';
    const tlsServer = await RedisServer.start({ password, tls: { certFile: join(TLS_DIR, 'cert.pem'), keyFile: join(TLS_DIR, 'key.pem') } });
    try {
      const { readFile } = await import('node:fs/promises');
      const ca = await readFile(join(TLS_DIR, 'cert.pem'));
      const s = make({ url: tlsServer.url, tls: { ca } });
      expect(tlsServer.url.startsWith('rediss://:')).toBe(true);
      await s.write('t', 'k', { ok: true });
      expect(await s.read('t', 'k')).toEqual({ ok: true });
      expect(s.location).not.toContain(password);
      const wrong = make({ url: tlsServer.url, password: 'not-the-Pa55word', tls: { ca }, retryForMs: 300 });
      const err = await wrong.open().catch((e: Error) => e);
      expect(err).toMatchObject({ code: 'STORAGE_REFUSED', message: expect.stringMatching(/WRONGPASS/) });
      // an operation meets the same clear refusal at once instead of retrying
      expect(await wrong.read('t', 'k').catch((e: Error) => e)).toMatchObject({ code: 'STORAGE_REFUSED' });
      const noTls = make({ url: tlsServer.url.replace('rediss:', 'redis:'), retryForMs: 300 });
      const err2 = await noTls.read('t', 'k').catch((e: Error) => e);
      expect((err2 as { code?: string }).code).toBe('STORAGE_UNAVAILABLE');
      const everything = JSON.stringify([String(err), (err as Error).message, String(err2), logs.map((l) => [l.msg, JSON.stringify(l.obj)])]);
      expect(everything).not.toContain(password);
      expect(everything).not.toContain('not-the-Pa55word');
    } finally {
      await tlsServer.stop();
    }
  });

  it('warns once that Redis without appendonly loses acknowledged writes on a restart', async () => {
    const volatile = await RedisServer.start();
    try {
      const s = make({ url: volatile.url });
      await s.write('x', 'y', 1);
      await sleep(100);
      await s.write('x', 'y', 2);
      await sleep(100);
      const port = `:${volatile.port}`;
      expect(logs.filter((l) => l.level === 'warn' && /without appendonly/.test(l.msg ?? '') && JSON.stringify(l.obj).includes(port))).toHaveLength(1);
    } finally {
      await volatile.stop();
    }
  });
});
