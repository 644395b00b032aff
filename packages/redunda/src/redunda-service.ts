import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { BadKeyError, RedundaError, RedundaUnavailableError, UnsafeNameError, type RedundaFailureKind } from './errors.js';
import { FileSync, type ConflictReport, type SyncResult } from './file-sync.js';
import { checkRelativePath, encodeName } from './name-mapping.js';
import type { RedundaClient, RedundaStatus } from './redunda-client.js';
import { RedundaEvent } from './redunda-event.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { SyncManifest } from './sync-manifest.js';

export type RedundaRole = 'starting' | 'standby' | 'active';

export interface RedundaHealth {
  consecutiveFailures: number;
  /** Service-clock epoch ms of the last successful ping, or null. */
  lastSuccessAt: number | null;
  lastErrorKind: RedundaFailureKind | 'bad-key' | null;
  /** Last error message (never contains the key). */
  lastError: string | null;
  /** True between a 'down' and the next 'back'. */
  down: boolean;
  /** True after a 404 on the ping until a ping succeeds again. */
  badKey: boolean;
  pings: number;
  failures: number;
}

export interface RedundaServiceOptions {
  client: RedundaClient;
  /** Directory the declared files live in (created if missing). */
  dataDir: string;
  /** Declared data files, relative to dataDir (POSIX separators). Only these are ever synced. */
  files?: string[];
  /** Ping cadence (default 30000; at most 60000 recommended; anything ≥ 180000 makes roles flap). */
  pingIntervalMs?: number;
  /** Up to this much is taken off each interval at random (default min(1000, interval/10)). */
  jitterMs?: number;
  /** Lease: an active instance with no successful ping for this long stands down (default null = off). */
  standDownAfterMs?: number | null;
  /** Before the first answer the role is 'starting' (fail-closed); after this long without one, go active (default null = wait). */
  startupTimeoutMs?: number | null;
  /** Fetch events while standing by too (default false: they would be consumed for the active instance). */
  eventsWhileStandby?: boolean;
  /** Delay between markDirty and the upload (default 1000). */
  uploadDebounceMs?: number;
  /** Consecutive failed pings before 'down' (default 3). */
  downAfterFailures?: number;
  /** Where the last synced SHA-256 per file is kept (default `<dataDir>/.redunda-sync.json`). */
  manifestFile?: string;
  /** Backoff of transfers (not of the ping). */
  transferRetry?: Partial<RetryPolicy>;
  /** Never ping; active at once (debug / single machine without Redunda). */
  offline?: boolean;
  logger?: Logger;
  /** Time source for health timestamps, the lease and the startup timeout (timers stay real). */
  clock?: { now(): number };
}

/**
 * Redunda role machine, ping loop, data-file sync and event delivery.
 *
 * Events: `'active'` / `'standby'` (role transitions, once each), `'redunda-event'` (RedundaEvent,
 * once), `'down'` / `'back'` (one-shot per outage, with the health), `'conflict'` (ConflictReport),
 * `'synced'` ({ direction, result }), `'error'` (RedundaError; only emitted when a listener exists,
 * never thrown).
 */
export class RedundaService extends EventEmitter {
  private _role: RedundaRole = 'starting';
  private _location: string | null = null;
  private readonly files: readonly string[];
  private readonly declared: Set<string>;
  private readonly intervalMs: number;
  private readonly jitterMs: number;
  private readonly clock: { now(): number };
  private readonly logger: Logger | undefined;
  private readonly sync: FileSync;
  private readonly manifest: SyncManifest;
  private readonly retry: RetryPolicy;
  private readonly health_: RedundaHealth = {
    consecutiveFailures: 0,
    lastSuccessAt: null,
    lastErrorKind: null,
    lastError: null,
    down: false,
    badKey: false,
    pings: 0,
    failures: 0,
  };
  private readonly dirty = new Set<string>();
  private tickTimer: NodeJS.Timeout | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private tickRunning: Promise<void> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly pingAbort = new AbortController();
  private readonly transferAbort = new AbortController();
  private started = false;
  private stopped = false;
  private startedAt = 0;
  /** Real time (ms) of the first successful ping after failures; promotions wait one interval after it. */
  private recoveredAt: number | null = null;
  private fetchingEvents = false;

  constructor(private readonly o: RedundaServiceOptions) {
    super();
    this.intervalMs = o.pingIntervalMs ?? 30_000;
    if (!(this.intervalMs > 0)) throw new RedundaError('pingIntervalMs must be positive', 'BAD_OPTION');
    this.jitterMs = Math.min(o.jitterMs ?? Math.min(1000, this.intervalMs / 10), this.intervalMs);
    this.clock = o.clock ?? { now: () => Date.now() };
    this.logger = o.logger?.child({ component: 'redunda' });
    this.retry = { ...DEFAULT_RETRY, ...(o.transferRetry ?? {}) };
    const manifestFile = o.manifestFile ?? path.join(o.dataDir, '.redunda-sync.json');
    const files = (o.files ?? []).map((f) => {
      checkRelativePath(f);
      encodeName(f);
      if (path.resolve(o.dataDir, f) === path.resolve(manifestFile)) throw new UnsafeNameError(`${f} is the sync manifest and cannot be a data file`);
      return f;
    });
    const names = new Set(files.map(encodeName));
    if (names.size !== files.length) throw new UnsafeNameError('declared data files contain duplicates');
    this.files = files;
    this.declared = new Set(files);
    this.manifest = new SyncManifest(manifestFile);
    this.sync = new FileSync({
      client: o.client,
      dataDir: o.dataDir,
      files,
      manifest: this.manifest,
      retry: this.retry,
      now: () => this.clock.now(),
      logger: this.logger,
    });
  }

  get role(): RedundaRole {
    return this._role;
  }
  /** `"<owner>/<location>"` from the last answer, or null before the first one. */
  get location(): string | null {
    return this._location;
  }
  get health(): RedundaHealth {
    return { ...this.health_ };
  }
  /** Declared files waiting for an upload. */
  get pendingUploads(): string[] {
    return [...this.dirty];
  }

  /** Starts pinging; resolves after the first ping attempt (and its role change, if any) has completed. */
  async start(): Promise<void> {
    if (this.started) throw new RedundaError('RedundaService already started', 'ALREADY_STARTED');
    this.started = true;
    this.startedAt = this.clock.now();
    mkdirSync(this.o.dataDir, { recursive: true });
    await this.manifest.load();
    if (this.o.offline) {
      this.logger?.info('redunda offline mode: not pinging, acting as the active instance');
      this.setRole('active');
      return;
    }
    await this.tick();
  }

  /**
   * Stops the loop and aborts a pending ping. If active, makes one final upload of changed files
   * (pass `{ finalUpload: false }` to skip it, e.g. to simulate a crash).
   */
  async stop(o: { finalUpload?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.tickTimer = this.debounceTimer = null;
    this.pingAbort.abort();
    await this.tickRunning?.catch(() => undefined);
    if (o.finalUpload !== false && this._role === 'active' && !this.health_.badKey) {
      await this.exclusive(() => this.uploadNow(this.files, { ...this.retry, retries: 0 }));
    }
    await this.chain.catch(() => undefined);
    this.transferAbort.abort();
  }

  /** Marks a declared file (or all of them) as changed; it is uploaded soon, once, if its hash changed. */
  markDirty(file?: string): void {
    if (file !== undefined && !this.declared.has(file)) {
      throw new RedundaError(`${JSON.stringify(file)} is not a declared Redunda data file`, 'NOT_DECLARED');
    }
    for (const f of file === undefined ? this.files : [file]) this.dirty.add(f);
    if (this.stopped) return;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      if (this.canUpload()) void this.exclusive(() => this.uploadNow([...this.dirty]));
    }, this.o.uploadDebounceMs ?? 1000);
  }

  /** Active: upload every changed file now. Otherwise: download declared files that differ. */
  async syncNow(): Promise<void> {
    await this.exclusive(async () => {
      if (this._role === 'active') await this.uploadNow(this.files);
      else await this.downloadNow();
    });
  }

  // ------------------------------------------------------------------ ping loop

  private async tick(): Promise<void> {
    const run = this.pingOnce().catch((err: unknown) => this.logger?.error({ err: this.describe(err) }, 'redunda ping loop error (continuing)'));
    this.tickRunning = run;
    const startedReal = Date.now();
    await run;
    this.tickRunning = null;
    if (this.stopped) return;
    const delay = Math.max(0, this.intervalMs - Math.random() * this.jitterMs - (Date.now() - startedReal));
    this.tickTimer = setTimeout(() => {
      this.tickTimer = null;
      void this.tick();
    }, delay);
  }

  private async pingOnce(): Promise<void> {
    const startedReal = Date.now();
    let status: RedundaStatus;
    try {
      status = await this.o.client.ping({ signal: this.pingAbort.signal });
    } catch (err) {
      if (this.stopped) return;
      await this.onPingFailure(err);
      return;
    }
    if (this.stopped) return;
    await this.onPingSuccess(status, startedReal);
  }

  private async onPingSuccess(status: RedundaStatus, startedReal: number): Promise<void> {
    const h = this.health_;
    const wasFailing = h.consecutiveFailures > 0;
    h.pings += 1;
    h.lastSuccessAt = this.clock.now();
    h.consecutiveFailures = 0;
    if (h.badKey) {
      h.badKey = false;
      this.logger?.info('redunda accepts the instance key again');
    }
    if (wasFailing) this.recoveredAt = startedReal;
    if (h.down) {
      h.down = false;
      this.logger?.info('redunda is reachable again');
      this.emit('back', this.health);
    }
    this._location = status.location;

    if (status.shouldStandby) {
      if (this._role !== 'standby') await this.exclusive(() => this.demote('told to stand by'));
    } else if (this._role !== 'active') {
      if (this.recoveredAt !== null && startedReal < this.recoveredAt + this.intervalMs * 1.5) {
        // After an outage every instance's last ping is stale: a better-ranked peer may not have pinged
        // yet. Wait 1.5 intervals before trusting "active", so the roles do not flap.
        this.logger?.debug('redunda says active right after an outage; confirming at the next ping');
      } else {
        this.recoveredAt = null;
        await this.exclusive(() => this.promote('preferred instance'));
      }
    }
    if (this._role === 'active') this.recoveredAt = null;

    if (status.eventCount > 0 && (this._role === 'active' || this.o.eventsWhileStandby === true)) await this.fetchEvents();
    if (this.canUpload()) await this.exclusive(() => this.uploadNow(this.files));
  }

  private async onPingFailure(err: unknown): Promise<void> {
    const h = this.health_;
    h.failures += 1;
    h.lastError = this.describe(err);
    if (err instanceof BadKeyError) {
      h.lastErrorKind = 'bad-key';
      if (!h.badKey) {
        h.badKey = true;
        this.logger?.error({ code: err.code }, err.message);
        this.emitError(err);
      }
    } else {
      h.consecutiveFailures += 1;
      h.lastErrorKind = err instanceof RedundaUnavailableError ? err.kind : 'network';
      if (h.consecutiveFailures === 1) this.logger?.warn({ kind: h.lastErrorKind, err: h.lastError }, 'redunda ping failed; keeping the current role');
      else this.logger?.debug({ kind: h.lastErrorKind, failures: h.consecutiveFailures }, 'redunda ping failed again');
      if (!h.down && h.consecutiveFailures >= (this.o.downAfterFailures ?? 3)) {
        h.down = true;
        this.logger?.warn({ failures: h.consecutiveFailures, kind: h.lastErrorKind }, 'redunda appears to be down; keeping the current role');
        this.emit('down', this.health);
      }
    }
    const now = this.clock.now();
    const lease = this.o.standDownAfterMs;
    if (lease != null && this._role === 'active' && now - (h.lastSuccessAt ?? this.startedAt) > lease) {
      await this.exclusive(() => this.demote('lease expired: no successful ping for too long'));
    }
    const startup = this.o.startupTimeoutMs;
    if (startup != null && this._role === 'starting' && now - this.startedAt >= startup) {
      this.logger?.warn('no answer from redunda within the startup timeout; proceeding as the active instance');
      await this.exclusive(() => this.promote('startup timeout'));
    }
  }

  // ------------------------------------------------------------------ transitions

  private async promote(reason: string): Promise<void> {
    if (this._role === 'active' || this.stopped) return;
    this.logger?.info({ reason }, 'redunda: becoming the active instance; downloading data first');
    await this.downloadNow();
    if (this.stopped) return;
    this.setRole('active');
  }

  private async demote(reason: string): Promise<void> {
    if (this._role === 'standby') return;
    const was = this._role;
    this.logger?.info({ reason }, 'redunda: standing by');
    this.setRole('standby');
    if (was === 'active' && !this.health_.badKey) await this.uploadNow(this.files);
  }

  private setRole(role: RedundaRole): void {
    this._role = role;
    try {
      this.emit(role, { location: this._location });
    } catch (err) {
      this.logger?.error({ err: this.describe(err) }, `a '${role}' listener threw`);
    }
  }

  // ------------------------------------------------------------------ sync and events

  private canUpload(): boolean {
    return !this.stopped && this._role === 'active' && !this.health_.down && !this.health_.badKey;
  }

  private async uploadNow(files: Iterable<string>, retry?: RetryPolicy): Promise<void> {
    let result: SyncResult;
    try {
      result = await this.sync.upload(files, this.transferAbort.signal, retry);
    } catch (err) {
      this.report(err, 'upload');
      return;
    }
    for (const f of [...result.transferred, ...result.unchanged]) this.dirty.delete(f);
    for (const { file, error } of result.failed) {
      this.dirty.add(file);
      this.report(error, `upload of ${file}`);
    }
    if (result.transferred.length > 0) this.emit('synced', { direction: 'up', result });
  }

  private async downloadNow(): Promise<void> {
    let result: SyncResult;
    try {
      result = await this.sync.download(this.transferAbort.signal);
    } catch (err) {
      this.report(err, 'download');
      return;
    }
    for (const c of result.conflicts) this.emit('conflict', c satisfies ConflictReport);
    for (const { file, error } of result.failed) this.report(error, `download of ${file}`);
    if (result.transferred.length > 0) this.emit('synced', { direction: 'down', result });
  }

  private async fetchEvents(): Promise<void> {
    if (this.fetchingEvents) return;
    this.fetchingEvents = true;
    try {
      const events = await this.o.client.events({ signal: this.transferAbort.signal });
      for (const data of events) {
        const ev = new RedundaEvent(data, this.clock.now());
        try {
          this.emit('redunda-event', ev);
        } catch (err) {
          this.logger?.error({ event: ev.name, err: this.describe(err) }, 'a redunda-event handler threw');
        }
      }
    } catch (err) {
      this.report(err, 'event fetch');
    } finally {
      this.fetchingEvents = false;
    }
  }

  private report(err: unknown, what: string): void {
    this.logger?.error({ err: this.describe(err), code: (err as { code?: string }).code }, `redunda ${what} failed`);
    this.emitError(err instanceof RedundaError ? err : new RedundaError(`redunda ${what} failed: ${this.describe(err)}`, 'SYNC_FAILED'));
  }

  private emitError(err: RedundaError): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  private describe(err: unknown): string {
    return this.o.client.redact(err instanceof Error ? err.message : String(err));
  }

  /** Runs transitions and transfers one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
