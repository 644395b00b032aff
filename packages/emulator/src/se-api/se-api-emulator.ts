import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { RealtimeHub } from './realtime-hub.js';
import { badParameter, matchRoute, runMethod, SeApiFailure } from './se-api-routes.js';
import { SeApiFaults, type SeViolation } from './se-api-faults.js';
import { SeData, type PostedQuestion } from './se-data.js';
import { SeFilters } from './se-filters.js';
import { encodeHtml } from './se-render.js';
import type { EmuQuestion } from './se-world.js';

/** Time source for creation dates and the quota's day (epoch ms); inject one to jump a day in a test. */
export interface SeClock {
  now(): number;
}

export interface SeApiPolicies {
  /** Requests per second per IP before the IP is banned (default 30). */
  burstLimit: number;
  /** Seconds an IP stays banned after a burst (default 30). */
  banSeconds: number;
  /** Daily quota with an app key (default 10,000) and without (default 300). */
  quotaWithKey: number;
  quotaWithoutKey: number;
  /** The API's cache lag: a new post shows up in the API this many ms after it was posted (default 0). */
  apiLagMs: number;
  /** Milliseconds between realtime heartbeats (default 30,000). */
  heartbeatMs: number;
}

export interface SeApiEmulatorOptions {
  /** Port on 127.0.0.1 (0 = any free one). */
  port?: number;
  clock?: SeClock;
  /** Seed and size of the generated posts. */
  seed?: number;
  questionsPerSite?: number;
  policies?: Partial<SeApiPolicies>;
}

interface QuotaState {
  remaining: number;
  resetsAt: number;
}

const nextUtcMidnight = (now: number) => {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
};

/**
 * A loopback Stack Exchange API (2.2/2.3 paths) with its realtime socket on the same port: the
 * wrapper, quota, per-method backoff and throttle violations, the error shape, paging, filters,
 * gzip; generated posts; fault knobs (`faults`), and a record of every rule a client broke (`violations`).
 */
export class SeApiEmulator {
  readonly data: SeData;
  readonly faults = new SeApiFaults();
  readonly filters = new SeFilters();
  readonly policies: SeApiPolicies;
  readonly violations: SeViolation[] = [];
  readonly stats: { requests: number; byMethod: Record<string, number> } = { requests: 0, byMethod: {} };
  private readonly clock: SeClock;
  private readonly hub: RealtimeHub;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly arrivals = new Map<string, number[]>();
  private readonly bans = new Map<string, number>();
  private readonly backoffs = new Map<string, number>();
  private readonly quotas = new Map<string, QuotaState>();
  private port = 0;
  private stopped = false;

  private constructor(o: SeApiEmulatorOptions) {
    this.clock = o.clock ?? { now: () => Date.now() };
    this.policies = { burstLimit: 30, banSeconds: 30, quotaWithKey: 10_000, quotaWithoutKey: 300, apiLagMs: 0, heartbeatMs: 30_000, ...(o.policies ?? {}) };
    this.data = new SeData({ seed: o.seed ?? 1, now: this.clock.now(), ...(o.questionsPerSite !== undefined ? { questionsPerSite: o.questionsPerSite } : {}) });
    this.hub = new RealtimeHub({ faults: this.faults, heartbeatMs: this.policies.heartbeatMs });
    this.data.onQuestion((p: PostedQuestion) => this.hub.publish(p));
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) this.send(res, 500, { error_id: 500, error_name: 'internal_error', error_message: 'An internal error occurred' });
        else res.destroy();
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      this.hub.handleUpgrade(req, socket, head);
    });
  }

  static async start(o: SeApiEmulatorOptions = {}): Promise<SeApiEmulator> {
    const emu = new SeApiEmulator(o);
    await new Promise<void>((resolve, reject) => {
      emu.server.once('error', reject);
      emu.server.listen(o.port ?? 0, '127.0.0.1', () => {
        emu.server.off('error', reject);
        resolve();
      });
    });
    emu.port = (emu.server.address() as AddressInfo).port;
    return emu;
  }

  /** The API origin, e.g. `http://127.0.0.1:4300` (the client's `origin`). */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The realtime socket's URL (the feed's `socketUrl`). */
  get socketUrl(): string {
    return `ws://127.0.0.1:${this.port}/`;
  }

  /** Open realtime sockets. */
  get socketCount(): number {
    return this.hub.count;
  }

  get realtimeStats(): RealtimeHub['stats'] {
    return this.hub.stats;
  }

  /** Posts a question now: on the realtime socket at once (unless skipped), in the API after the lag. */
  postQuestion(q: { site?: string; title: string; body?: string; tags?: string[]; owner?: string | number }): EmuQuestion {
    const site = q.site ?? 'stackoverflow';
    if (!this.data.site(site)) throw new Error(`the SE API emulator has no site ${site}`);
    if (!q.title.trim()) throw new Error('a question needs a title');
    return this.data.postQuestion(site, q, this.clock.now());
  }

  /** Drops every realtime socket (clients must reconnect). */
  dropSockets(): void {
    this.hub.drop();
  }

  /** Sends a heartbeat now (tests), instead of waiting for the interval. */
  heartbeat(): void {
    this.hub.heartbeat();
  }

  /** Uses up the quota of every IP and key until the rollover. */
  exhaustQuota(): void {
    for (const q of this.quotas.values()) q.remaining = 0;
    this.exhausted = true;
  }
  private exhausted = false;

  /** Rolls the quota over now (as midnight UTC would). */
  rolloverQuota(): void {
    this.quotas.clear();
    this.exhausted = false;
  }

  /** Bans an IP (default 127.0.0.1) for `seconds`: every request gets a throttle violation. */
  banIp(seconds: number, ip = '127.0.0.1'): void {
    this.bans.set(ip, performance.now() + seconds * 1000);
  }

  unbanIp(ip = '127.0.0.1'): void {
    this.bans.delete(ip);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.hub.close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private violation(kind: SeViolation['kind'], method: string, ip: string): void {
    if (kind !== 'quota') this.violations.push({ kind, method, ip, at: Date.now() });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ip = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const m = /^\/2\.[23](\/.*)$/.exec(url.pathname);
    const route = m ? matchRoute(m[1]!.replace(/\/+$/, '') || '/') : undefined;
    const method = route?.template ?? url.pathname;
    this.stats.requests++;
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
    const t = performance.now();

    // the abuse limit: more than burstLimit requests in a second bans the IP
    const banned = this.bans.get(ip);
    if (banned !== undefined && t < banned) {
      this.violation('banned', method, ip);
      return this.throttle(res, `too many requests from this IP, more requests available in ${Math.ceil((banned - t) / 1000)} seconds`);
    }
    const times = (this.arrivals.get(ip) ?? []).filter((x) => x > t - 1000);
    times.push(t);
    this.arrivals.set(ip, times);
    if (times.length > this.policies.burstLimit) {
      this.violation('burst', method, ip);
      this.bans.set(ip, t + this.policies.banSeconds * 1000);
      return this.throttle(res, `too many requests from this IP, more requests available in ${this.policies.banSeconds} seconds`);
    }
    const failure = this.faults.takeFailure();
    if (failure) {
      res.writeHead(failure, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<html><body><h1>Service Unavailable</h1></body></html>');
      return;
    }
    if (!route) return this.send(res, 400, { error_id: 404, error_name: 'no_method', error_message: 'no method found with this name' });

    // the daily quota, per IP and key
    const key = url.searchParams.get('key') ?? '';
    const now = this.clock.now();
    const qk = `${ip}|${key}`;
    let quota = this.quotas.get(qk);
    if (!quota || now >= quota.resetsAt) {
      if (quota) this.exhausted = false; // the day rolled over
      quota = { remaining: this.exhausted ? 0 : key ? this.policies.quotaWithKey : this.policies.quotaWithoutKey, resetsAt: nextUtcMidnight(now) };
      this.quotas.set(qk, quota);
    }
    const quotaMax = key ? this.policies.quotaWithKey : this.policies.quotaWithoutKey;
    if (quota.remaining <= 0) {
      this.violation('quota', method, ip);
      return this.throttle(res, `too many requests from this IP, more requests available in ${Math.ceil((quota.resetsAt - now) / 1000)} seconds`);
    }

    // per-method backoff: a call before the backoff passed is a violation
    const bk = `${ip}|${method}`;
    const until = this.backoffs.get(bk);
    if (until !== undefined && t < until) {
      this.violation('backoff', method, ip);
      return this.throttle(res, `Violation of backoff parameter`);
    }

    if (this.faults.slowMs > 0) await new Promise((r) => setTimeout(r, this.faults.slowMs));
    let body: Record<string, unknown>;
    try {
      body = this.answer(route.template, route.ids, url.searchParams);
    } catch (err) {
      if (err instanceof SeApiFailure) return this.send(res, err.status, { error_id: err.errorId, error_name: err.errorName, error_message: err.message });
      throw err;
    }
    quota.remaining--;
    body.quota_max = quotaMax;
    body.quota_remaining = quota.remaining;
    const backoff = this.faults.takeBackoff(method);
    if (backoff !== undefined) {
      body.backoff = backoff;
      this.backoffs.set(bk, performance.now() + backoff * 1000);
    }
    this.send(res, 200, body);
  }

  private answer(template: string, ids: string[], query: URLSearchParams): Record<string, unknown> {
    const filter = this.filters.get(query.get('filter'));
    if (!filter) throw badParameter(`filter: no filter found named \`${query.get('filter')}\``);
    const r = { txt: filter.unsafe ? (s: string) => s : encodeHtml };
    const result = runMethod(template, ids, { data: this.data, filters: this.filters, query, r, now: this.clock.now(), lagMs: this.policies.apiLagMs });
    const pagesize = Number(query.get('pagesize') ?? 30);
    const page = Number(query.get('page') ?? 1);
    if (!Number.isInteger(pagesize) || pagesize < 0 || pagesize > 100) throw badParameter('pagesize must be between 0 and 100');
    if (!Number.isInteger(page) || page < 1) throw badParameter('page must be a positive integer');
    const items = result.paged ? result.items.slice((page - 1) * pagesize, page * pagesize) : result.items;
    const hasMore = result.paged && page * pagesize < result.items.length;
    const body: Record<string, unknown> = { items: result.type === 'filter' ? items : items.map((i) => this.filters.project(filter, result.type, i)), has_more: hasMore };
    if (this.filters.wrapperIncludes(filter, 'total')) body.total = result.items.length;
    if (this.filters.wrapperIncludes(filter, 'page')) body.page = page;
    if (this.filters.wrapperIncludes(filter, 'page_size')) body.page_size = pagesize;
    if (this.filters.wrapperIncludes(filter, 'type')) body.type = result.type;
    return body;
  }

  private throttle(res: ServerResponse, message: string): void {
    this.send(res, 400, { error_id: 502, error_name: 'throttle_violation', error_message: message });
  }

  /** Every answer is gzipped, as the real API's are (whatever Accept-Encoding says). */
  private send(res: ServerResponse, status: number, body: unknown): void {
    const gz = gzipSync(Buffer.from(JSON.stringify(body)));
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'gzip', 'Content-Length': String(gz.length), 'Access-Control-Allow-Origin': '*' });
    res.end(gz);
  }
}
