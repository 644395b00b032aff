import got from 'got';
import { BurstLimiter } from './burst-limiter.js';
import { sleep, systemClock, type Clock } from './clock.js';
import { ApiError, ApiUnavailableError, QuotaExhaustedError, ThrottleViolationError } from './errors.js';
import { FilterRegistry, type FilterStore } from './filter-registry.js';
import { MethodGate } from './method-gate.js';
import { encodeParams, methodOf, normalizePath } from './method-name.js';
import { Paged } from './paged.js';
import { nextUtcMidnight, QuotaGauge, type QuotaState } from './quota-gauge.js';
import { addTextTwins } from './text-twins.js';
import type { ApiResponse, Filter, FilterSpec, ParamValue, Params } from './types.js';

export interface SeApiClientOptions {
  /** App key: raises the daily quota from 300 to 10,000. Never logged. */
  key?: string;
  /** Access token (needs `key`) for authenticated methods. Never logged. */
  accessToken?: string;
  /** Default `https://api.stackexchange.com` (the emulator's `origin` in tests). */
  origin?: string;
  /** API version (default `2.3`). */
  version?: string;
  /** Site used when a call names none (default `stackoverflow`). */
  site?: string;
  /** Request starts per second, across every caller of this client (default 25; the API bans an IP above 30). */
  maxRequestsPerSecond?: number;
  /** Added to every backoff the API asks for (default 1000 ms). */
  backoffMarginMs?: number;
  /** After a backoff, the method runs one call at a time for this long (default 10 min). */
  backoffGuardMs?: number;
  /**
   * Calls of one method in flight at once (default 1: a backoff can never be broken by a call already
   * sent). Higher values speed up one busy method, at the risk of a throttle violation when a backoff
   * comes while calls are in flight; other methods always run in parallel.
   */
  methodConcurrency?: number;
  /** A backoff longer than this fails the call with BackoffTooLongError instead of waiting (default 5 min). */
  maxBackoffWaitMs?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Extra attempts after a network failure or a 5xx without the API's error shape (default 2), with back-off. */
  retries?: number;
  /** Where created filters are cached across runs (core's Storage fits). */
  filterStore?: FilterStore;
  /** Time source for the quota's rollover (default the system clock). */
  clock?: Clock;
  /** When the quota rolls over after `now` (default: the next midnight UTC). */
  quotaRolloverAt?: (now: number) => number;
  userAgent?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

const RETRY_AFTER_RE = /available in (\d+) seconds?/i;

/**
 * The Stack Exchange API client: every call goes through the per-method backoff gate, the quota
 * gauge and the burst limiter, shared by all concurrent callers. `get()` reaches any method; the
 * typed helpers live in SeApi (se-api.ts).
 */
export class SeApiClient {
  readonly origin: string;
  readonly version: string;
  readonly site: string;
  readonly filters: FilterRegistry;
  /** Requests sent, answers by kind, for stats and benchmarks. */
  readonly stats = { requests: 0, backoffs: 0, errors: 0, retries: 0 };
  private readonly gate: MethodGate;
  private readonly burst: BurstLimiter;
  private readonly quota: QuotaGauge;
  private readonly clock: Clock;
  private readonly closing = new AbortController();

  constructor(private readonly o: SeApiClientOptions = {}) {
    this.origin = (o.origin ?? 'https://api.stackexchange.com').replace(/\/+$/, '');
    this.version = o.version ?? '2.3';
    this.site = o.site ?? 'stackoverflow';
    this.clock = o.clock ?? systemClock;
    if (o.accessToken && !o.key) throw new TypeError('an access token needs the app key it was issued for (key)');
    this.gate = new MethodGate({
      marginMs: o.backoffMarginMs ?? 1000,
      guardMs: o.backoffGuardMs ?? 600_000,
      maxWaitMs: o.maxBackoffWaitMs ?? 300_000,
      concurrency: o.methodConcurrency ?? 1,
      now: () => Date.now(),
    });
    this.burst = new BurstLimiter(o.maxRequestsPerSecond ?? 25);
    this.quota = new QuotaGauge(this.clock, o.quotaRolloverAt ?? nextUtcMidnight);
    this.filters = new FilterRegistry((spec) => this.createFilter(spec), o.filterStore);
  }

  /** The quota as the last answer reported it. */
  get quotaState(): QuotaState {
    return this.quota.state;
  }

  /** Milliseconds until `path`'s method may be called again. */
  backoffRemaining(path: string): number {
    return this.gate.waitFor(methodOf(path));
  }

  /** Fails every waiting and later call with an abort. */
  close(): void {
    this.closing.abort(new Error('the SE API client was closed'));
  }

  /**
   * Calls one API method and returns its wrapper. `params.filter` may be a FilterSpec (created once).
   * `site` defaults to the client's site except for site-less methods (`/sites`, `/filters/…`, `/me`… pass `site: null`).
   */
  async get<T>(path: string, params: Params | Record<string, ParamValue | FilterSpec> = {}, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const p = normalizePath(path);
    const method = methodOf(p);
    const q: Params = {};
    let unsafe = false;
    for (const [k, v] of Object.entries(params)) {
      if (k === 'filter' && v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
        const f = await this.filters.resolve(v as FilterSpec);
        q.filter = f.filter;
        unsafe = f.unsafe;
      } else {
        q[k] = v as ParamValue;
        if (k === 'filter' && typeof v === 'string') unsafe = this.filters.knownUnsafe(v);
      }
    }
    if (!('site' in q) && !isSiteless(p)) q.site = this.site;
    if (this.o.key) q.key = this.o.key;
    if (this.o.accessToken) q.access_token = this.o.accessToken;
    const query = encodeParams(q).toString();
    const url = `${this.origin}/${this.version}${p}${query ? `?${query}` : ''}`;
    const signal = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
    const retries = this.o.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.once<T>(method, url, signal);
        return addTextTwins(r, unsafe);
      } catch (err) {
        if (!(err instanceof ApiUnavailableError) || attempt >= retries || signal.aborted) throw err;
        this.stats.retries++;
        const base = Math.min(10_000, 500 * 2 ** attempt);
        await sleep(base / 2 + Math.random() * (base / 2), signal);
      }
    }
  }

  /** Every page of a paged method (`page` 1, 2… while `has_more`), 100 items a page by default. */
  paged<T>(path: string, params: Params | Record<string, ParamValue | FilterSpec> = {}, options: CallOptions = {}): Paged<T> {
    const get = (page: number, pagesize: number) => this.get<T>(path, { ...params, page, pagesize }, options);
    return new Paged<T>(async function* () {
      const pagesize = (params.pagesize as number | undefined) ?? 100;
      for (let page = (params.page as number | undefined) ?? 1; ; page++) {
        const r = await get(page, pagesize);
        yield r;
        if (!r.has_more || r.items.length === 0) return;
      }
    });
  }

  private async once<T>(method: string, url: string, signal: AbortSignal): Promise<ApiResponse<T>> {
    const exit = await this.gate.enter(method, signal);
    let release: (() => void) | undefined;
    let backoff: number | undefined;
    let answered = false;
    try {
      release = this.quota.admit();
      await this.burst.acquire(signal);
      this.stats.requests++;
      let res;
      try {
        res = await got(url, {
          throwHttpErrors: false,
          retry: { limit: 0 },
          decompress: true,
          responseType: 'text',
          timeout: { request: this.o.timeoutMs ?? 30_000 },
          headers: { 'accept-encoding': 'gzip, deflate', 'user-agent': this.o.userAgent ?? 'botpy-se-api' },
          signal,
        });
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        throw new ApiUnavailableError(method, (err as Error).message.replace(/[?&](key|access_token)=[^&\s]+/g, ''), undefined, err);
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(res.body) as Record<string, unknown>;
      } catch {
        throw new ApiUnavailableError(method, `HTTP ${res.statusCode} with a body that is not JSON`, res.statusCode);
      }
      answered = true;
      if (typeof body.error_id === 'number') this.fail(method, res.statusCode, body);
      if (!Array.isArray(body.items)) throw new ApiUnavailableError(method, `HTTP ${res.statusCode} without items`, res.statusCode);
      const r = body as unknown as ApiResponse<T>;
      if (typeof r.quota_max === 'number' && typeof r.quota_remaining === 'number') this.quota.update(r.quota_max, r.quota_remaining);
      if (typeof r.backoff === 'number' && r.backoff > 0) {
        backoff = r.backoff;
        this.stats.backoffs++;
      }
      return r;
    } finally {
      release?.();
      exit({ answered, ...(backoff !== undefined ? { backoff } : {}) });
    }
  }

  private fail(method: string, status: number, body: Record<string, unknown>): never {
    this.stats.errors++;
    const id = body.error_id as number;
    const name = String(body.error_name ?? 'unknown');
    const message = String(body.error_message ?? '');
    if (id === 502 || name === 'throttle_violation') {
      const m = RETRY_AFTER_RE.exec(message);
      const retryAfterMs = m ? Number(m[1]) * 1000 : null;
      const now = this.clock.now();
      if (retryAfterMs !== null) {
        const until = now + retryAfterMs;
        // the same answer means "banned for a while" and "quota used up": a wait that ends at the
        // daily rollover, or a quota already at zero, is the quota
        const st = this.quota.state;
        if (st.remaining === 0 || retryAfterMs > 3_600_000 || Math.abs(until - nextUtcMidnight(now)) < 120_000) {
          this.quota.exhaust(until);
          throw new QuotaExhaustedError(st.max, until);
        }
        this.burst.pauseUntil(Date.now() + retryAfterMs);
      } else {
        this.gate.backoff(method, 5);
      }
      throw new ThrottleViolationError(method, status, message, retryAfterMs);
    }
    throw new ApiError(method, status, id, name, message);
  }

  private async createFilter(spec: FilterSpec): Promise<Filter> {
    const r = await this.get<Filter>('/filters/create', {
      include: spec.include?.length ? spec.include : undefined,
      exclude: spec.exclude?.length ? spec.exclude : undefined,
      base: spec.base ?? 'default',
      unsafe: spec.unsafe === true,
    });
    const f = r.items[0];
    if (!f || typeof f.filter !== 'string' || f.filter_type === 'invalid') throw new ApiError('/filters/create', 400, 400, 'bad_parameter', `the filter ${JSON.stringify(spec)} is invalid`);
    return f;
  }
}

const SITELESS = /^\/(sites|filters|apps|errors|inbox|notifications|access-tokens|me\/associated|users\/\{?[\d;]+\}?\/associated)(\/|$)/;

function isSiteless(path: string): boolean {
  return SITELESS.test(path);
}
