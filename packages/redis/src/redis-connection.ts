import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { Redis, type RedisOptions } from 'ioredis';
import { RedisConfigError } from './errors.js';

/** Where Redis is and how to reach it. */
export interface RedisConnectionOptions {
  /**
   * `redis://[user[:password]@]host[:port][/db]`, or `rediss://…` for TLS. The password may also
   * come from `password` (which wins); either way it never reaches a log line or an error.
   */
  url: string;
  /** The AUTH password (overrides the URL's). */
  password?: string;
  /** The ACL user name (overrides the URL's). */
  username?: string;
  /** TLS: `true`, or Node's TLS options (`ca`, `cert`, `key`, `servername`, …). `rediss://` turns it on. */
  tls?: boolean | TlsOptions;
  /** Prefix of every key and channel (default `botpy`), so one Redis can serve other software too. */
  prefix?: string;
  /** A command without an answer fails after this many ms (default 2000). */
  commandTimeoutMs?: number;
  /** A connection attempt is given up after this many ms (default 3000). */
  connectTimeoutMs?: number;
}

/** A parsed, checked connection: what to hand to ioredis, what to show (`location`), what to hide (`secrets`). */
export interface RedisEndpoint {
  readonly location: string;
  readonly secrets: readonly string[];
  readonly prefix: string;
  readonly commandTimeoutMs: number;
  readonly clientOptions: RedisOptions;
}

/** Checks the options and parses the URL (no connection yet). Throws `RedisConfigError` naming what is wrong, never the password. */
export function parseRedisEndpoint(o: RedisConnectionOptions): RedisEndpoint {
  if (typeof o?.url !== 'string' || o.url.length === 0) throw new RedisConfigError('redis.url is required (redis://host:port or rediss://host:port)');
  let u: URL;
  try {
    u = new URL(o.url);
  } catch {
    throw new RedisConfigError('redis.url is not a URL (expected redis://host:port or rediss://host:port)');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new RedisConfigError(`redis.url must start with redis:// or rediss://, not ${u.protocol}//`);
  if (!u.hostname) throw new RedisConfigError('redis.url has no host');
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new RedisConfigError('redis.url: the path must be a database number (redis://host:port/0)');
  const password = o.password ?? (u.password ? decodeURIComponent(u.password) : undefined);
  const username = o.username ?? (u.username ? decodeURIComponent(u.username) : undefined);
  const ms = (v: number | undefined, d: number, what: string) => {
    if (v === undefined) return d;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new RedisConfigError(`redis.${what} must be a positive number of milliseconds`);
    return v;
  };
  const commandTimeoutMs = ms(o.commandTimeoutMs, 2000, 'commandTimeoutMs');
  const connectTimeoutMs = ms(o.connectTimeoutMs, 3000, 'connectTimeoutMs');
  const prefix = o.prefix ?? 'botpy';
  if (typeof prefix !== 'string' || !/^[\w.-]{1,64}$/.test(prefix)) throw new RedisConfigError('redis.prefix must be 1–64 letters, digits, _ . or -');
  const useTls = u.protocol === 'rediss:' || (o.tls !== undefined && o.tls !== false);
  const tls: TlsOptions | undefined = useTls ? (typeof o.tls === 'object' ? { ...o.tls } : {}) : undefined;
  const port = u.port ? Number(u.port) : 6379;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const location = `${useTls ? 'rediss' : 'redis'}://${u.hostname}:${port}${db ? `/${db}` : ''}`;
  return {
    location,
    secrets: [password, u.password, u.password ? decodeURIComponent(u.password) : undefined].filter((s): s is string => typeof s === 'string' && s.length >= 3),
    prefix,
    commandTimeoutMs,
    clientOptions: {
      host, port, db,
      ...(password !== undefined ? { password } : {}),
      ...(username !== undefined ? { username } : {}),
      ...(tls ? { tls } : {}),
      // Fail fast and decide ourselves: no offline queue, no silent resend after a reconnect, every
      // command bounded; reconnect forever with a capped back-off.
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: commandTimeoutMs,
      connectTimeout: connectTimeoutMs,
      retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 6), 1000) + Math.floor(Math.random() * 100),
      enableReadyCheck: true,
      disconnectTimeout: 500,
      autoResubscribe: true,
    },
  };
}

/** A new (not yet connected) client for the endpoint; its `error` events are consumed (the owner reports failures itself). */
export function createRedisClient(e: RedisEndpoint, role: string): Redis {
  const client = new Redis({ ...e.clientOptions, connectionName: `botpy-${role}` });
  // ioredis would print unhandled errors; failures surface through the commands, and the last one is
  // kept because a refused AUTH only shows here (the command itself just sees a closed connection)
  client.on('error', (err: unknown) => lastErrors.set(client, err));
  client.on('ready', () => lastErrors.delete(client));
  return client;
}

const lastErrors = new WeakMap<Redis, unknown>();

/** The refusal that keeps this client from connecting (wrong password, missing ACL permission), or null. */
export function authRefusal(client: Redis): unknown {
  const err = lastErrors.get(client);
  return isReplyError(err) && /WRONGPASS|NOAUTH|NOPERM|invalid password/i.test(String((err as Error).message)) ? err : null;
}

/** Removes every secret of the endpoint from a text. */
export function scrub(text: string, secrets: readonly string[]): string {
  let t = text;
  for (const s of secrets) t = t.split(s).join('***');
  return t;
}

/** What went wrong, as a short text without secrets (an ioredis error may carry the AUTH arguments: never pass it on as it is). */
export function describeFailure(err: unknown, secrets: readonly string[]): string {
  const e = err as { message?: unknown; code?: unknown } | null;
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  const code = typeof e?.code === 'string' ? ` [${e.code}]` : '';
  return scrub(`${msg}${code}`, secrets).slice(0, 300);
}

/** True for an error Redis itself answered (a ReplyError: wrong password, script error, OOM…), false for transport failures. */
export function isReplyError(err: unknown): boolean {
  return (err as { name?: string } | null)?.name === 'ReplyError';
}

/** Connects (bounded by the client's connect and command timeouts), resolving true when ready. Never rejects. */
export async function connectBounded(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ready = new Promise<boolean>((resolve) => {
      if (client.status === 'wait' || client.status === 'end') client.connect().catch(() => undefined);
      client.once('ready', () => resolve(true));
    });
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    return await Promise.race([ready, late]);
  } finally {
    clearTimeout(timer);
  }
}
