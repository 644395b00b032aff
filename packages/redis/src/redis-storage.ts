import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CorruptDocumentError, RedisCommandError, RedisConfigError, RedisUnavailableError, UpdateContentionError } from './errors.js';
import { authRefusal, createRedisClient, describeFailure, isReplyError, parseRedisEndpoint, type RedisConnectionOptions, type RedisEndpoint } from './redis-connection.js';
import { RedisKeys } from './redis-keys.js';
import { silentLogger, type RedisLogger, type StoragePort } from './ports.js';

/** Settings of a Redis store. */
export interface RedisStorageOptions extends RedisConnectionOptions {
  /** The bot's name and chat server: the store's keys are theirs. */
  bot: string;
  server: string;
  /** How long an operation keeps retrying while Redis cannot be reached, ms (default 5000); then it rejects with `STORAGE_UNAVAILABLE`. */
  retryForMs?: number;
  /** Tells this instance's own changes apart in `watch()` (default: random). */
  instanceId?: string;
  logger?: RedisLogger;
}

/**
 * Changes one document atomically. KEYS: document, namespace index. ARGV: key, JSON ('' = delete),
 * channel, change message, condition ('any' | 'absent' | 'value'), expected JSON, applied-marker key
 * ('' = none). Returns 1 when written, 0 when the condition did not hold (someone changed it first).
 */
const PUT = `
if ARGV[5] == 'absent' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
elseif ARGV[5] == 'value' then
  if redis.call('GET', KEYS[1]) ~= ARGV[6] then return 0 end
end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[2], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[1])
end
if ARGV[7] ~= '' then redis.call('SET', ARGV[7], '1', 'PX', 600000) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
`;

const MAX_UPDATE_ATTEMPTS = 50;

/**
 * The storage port on Redis: one string key per document (JSON), a set per namespace for `keys()`,
 * every change a Lua script (atomic, announced on a pub/sub channel so other instances' `watch()`
 * sees it at once). `update` is optimistic: read, compute, write only if the document is still what
 * was read, else again. Unreachable Redis: retried with back-off for `retryForMs`, then a
 * `RedisUnavailableError` (code `STORAGE_UNAVAILABLE`); a write resolves only once Redis applied it.
 */
export class RedisStorage implements StoragePort {
  readonly location: string;
  private readonly e: RedisEndpoint;
  private readonly k: RedisKeys;
  private readonly retryForMs: number;
  private readonly instanceId: string;
  private readonly log: RedisLogger;
  private readonly client: Redis;
  private sub: Redis | null = null;
  private readonly watchers = new Map<string, Set<(key: string) => void>>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private checkedPersistence = false;
  private closed = false;

  constructor(o: RedisStorageOptions) {
    this.e = parseRedisEndpoint(o);
    if (typeof o.bot !== 'string' || !o.bot || typeof o.server !== 'string' || !o.server) throw new RedisConfigError('the store needs the bot name and the chat server');
    this.retryForMs = o.retryForMs ?? 5000;
    if (!(this.retryForMs >= 0 && Number.isFinite(this.retryForMs))) throw new RedisConfigError('redis.retryForMs must be a number of milliseconds ≥ 0');
    this.k = new RedisKeys(this.e.prefix, o.bot, o.server);
    this.location = `${this.e.location}/${this.k.base}`;
    this.instanceId = o.instanceId ?? randomBytes(6).toString('hex');
    this.log = o.logger ?? silentLogger;
    this.client = createRedisClient(this.e, 'storage');
  }

  /**
   * Connects (bounded). Rejects when Redis refuses us (a wrong password: `STORAGE_REFUSED`); an
   * unreachable Redis is only logged, because every operation retries and the coordinator keeps this
   * instance on standby until Redis is back.
   */
  async open(): Promise<void> {
    if (this.client.status !== 'wait') return;
    try {
      await this.client.connect();
    } catch (err) {
      const refusal = authRefusal(this.client) ?? (isReplyError(err) ? err : null);
      if (refusal) throw new RedisCommandError('connecting', this.e.location, describeFailure(refusal, this.e.secrets));
      this.log.warn({ redis: this.e.location, err: describeFailure(err, this.e.secrets) }, 'Redis is not reachable yet; storage operations will retry');
    }
  }

  async read<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
    const raw = await this.retry(`reading ${namespace}/${key}`, () => this.client.get(this.k.doc(namespace, key)));
    return parse<T>(raw, namespace, key);
  }

  async write(namespace: string, key: string, value: unknown): Promise<void> {
    const json = toJson(value, namespace, key);
    await this.retry(`writing ${namespace}/${key}`, () => this.put(namespace, key, json, 'any', '', ''));
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.retry(`deleting ${namespace}/${key}`, () => this.put(namespace, key, '', 'any', '', ''));
  }

  /** Updates of one document from this instance run one after the other (no contention among ourselves); across instances the write is conditional. */
  update<T = unknown>(namespace: string, key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    const id = this.k.doc(namespace, key);
    const run = (this.chains.get(id) ?? Promise.resolve()).then(() => this.updateNow(namespace, key, fn));
    const tail = run.catch(() => undefined);
    this.chains.set(id, tail);
    void tail.then(() => {
      if (this.chains.get(id) === tail) this.chains.delete(id);
    });
    return run;
  }

  private async updateNow<T>(namespace: string, key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    const marker = this.k.applied(randomBytes(8).toString('hex'));
    let pending: { next: T | undefined } | null = null; // an attempt whose answer was lost: it may have been applied
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
      const outcome = await this.retry(`updating ${namespace}/${key}`, async () => {
        if (pending && (await this.client.exists(marker)) === 1) return { done: true, next: pending.next };
        const raw = await this.client.get(this.k.doc(namespace, key));
        let next: T | undefined;
        try {
          next = fn(parse<T>(raw, namespace, key));
        } catch (error) {
          throw new CallerFailure(error);
        }
        const json = next === undefined ? '' : toJson(next, namespace, key);
        pending = { next };
        const ok = await this.put(namespace, key, json, raw === null ? 'absent' : 'value', raw ?? '', marker);
        pending = null;
        return { done: ok === 1, next };
      });
      if (outcome.done) return outcome.next;
      await sleep(Math.random() * Math.min(200, 10 * attempt));
    }
    throw new UpdateContentionError(namespace, key, MAX_UPDATE_ATTEMPTS);
  }

  async keys(namespace: string): Promise<string[]> {
    const list = await this.retry(`listing ${namespace}`, () => this.client.smembers(this.k.index(namespace)));
    return list.sort();
  }

  /** Calls `fn(key)` when another instance changes a document of the namespace (pub/sub; resubscribes after a reconnect). */
  watch(namespace: string, fn: (key: string) => void): () => void {
    let set = this.watchers.get(namespace);
    if (!set) this.watchers.set(namespace, (set = new Set()));
    set.add(fn);
    this.ensureSubscriber();
    return () => void set.delete(fn);
  }

  /** Disconnects. Bounded. */
  async close(): Promise<void> {
    this.closed = true;
    this.client.disconnect(false);
    this.sub?.disconnect(false);
    this.sub = null;
  }

  private ensureSubscriber(): void {
    if (this.sub || this.closed) return;
    const sub = createRedisClient(this.e, 'storage-sub');
    this.sub = sub;
    sub.on('message', (_channel: string, message: string) => {
      try {
        const m = JSON.parse(message) as { ns: string; key: string; by: string };
        if (m.by === this.instanceId) return;
        for (const fn of this.watchers.get(m.ns) ?? []) {
          try {
            fn(m.key);
          } catch (err) {
            this.log.error({ err, namespace: m.ns }, 'a storage watcher threw');
          }
        }
      } catch {}
    });
    // subscribe connects on its own; autoResubscribe renews it after every reconnect
    const subscribe = () => sub.subscribe(this.k.changeChannel).catch(() => (this.sub === sub && !this.closed ? void setTimeout(subscribe, 500).unref() : undefined));
    sub.connect().catch(() => undefined).finally(subscribe);
  }

  private async put(namespace: string, key: string, json: string, condition: 'any' | 'absent' | 'value', expected: string, marker: string): Promise<number> {
    const message = JSON.stringify({ ns: namespace, key, by: this.instanceId });
    const r = await this.client.eval(PUT, 2, this.k.doc(namespace, key), this.k.index(namespace), key, json, this.k.changeChannel, message, condition, expected, marker);
    return Number(r);
  }

  /** Runs `op`, retrying transport failures with back-off for `retryForMs`. Redis's own error answers are not retried. */
  private async retry<R>(what: string, op: () => Promise<R>): Promise<R> {
    if (this.closed) throw new RedisUnavailableError(what, this.e.location, 'the store is closed');
    const until = Date.now() + this.retryForMs;
    let delay = 50;
    for (;;) {
      if (this.client.status === 'wait') await this.client.connect().catch(() => undefined);
      try {
        const r = await op();
        if (!this.checkedPersistence) void this.checkPersistence();
        return r;
      } catch (err) {
        if (err instanceof CallerFailure) throw err.error; // the update function threw: nothing was written
        if (err instanceof CorruptDocumentError || err instanceof RedisConfigError) throw err;
        if (isReplyError(err)) throw new RedisCommandError(what, this.e.location, describeFailure(err, this.e.secrets));
        if (!isTransportError(err)) throw err;
        const refusal = authRefusal(this.client);
        if (refusal) throw new RedisCommandError(what, this.e.location, describeFailure(refusal, this.e.secrets));
        const left = until - Date.now();
        if (left <= 0 || this.closed) {
          const e = new RedisUnavailableError(what, this.e.location, describeFailure(err, this.e.secrets));
          this.log.warn({ code: e.code, err: e.message }, 'a storage operation failed: Redis is unreachable');
          throw e;
        }
        await sleep(Math.min(delay, left));
        delay = Math.min(delay * 2, 1000);
      }
    }
  }

  /** Warns once when Redis keeps no append-only file: acknowledged writes would then not survive a Redis restart. */
  private async checkPersistence(): Promise<void> {
    this.checkedPersistence = true;
    try {
      const info = await this.client.info('persistence');
      if (/aof_enabled:0/.test(info)) this.log.warn({ redis: this.e.location }, 'Redis runs without appendonly: data written since its last snapshot is lost if Redis restarts (set appendonly yes, appendfsync always or everysec)');
    } catch {}
  }
}

/** Carries what the caller's update function threw through the retry loop untouched. */
class CallerFailure {
  constructor(readonly error: unknown) {}
}

/** Failures of the connection (not Redis answers, not the caller's function). */
function isTransportError(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: string } | null;
  if (!e || typeof e.message !== 'string') return false;
  return (
    e.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|Command timed out|enableOfflineQueue|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|connect/i.test(e.message) ||
    (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code))
  );
}

function parse<T>(raw: string | null, namespace: string, key: string): T | undefined {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new CorruptDocumentError(namespace, key);
  }
}

function toJson(value: unknown, namespace: string, key: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new RedisConfigError(`cannot store ${namespace}/${key}: the value has no JSON form`);
  return json;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
