import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ChatRequestError, ClientClosedError, RoomAccessError, SendError, ThrottledError } from './errors.js';

export type SendPriority = 'reply' | 'normal';

/** One unit of write work. `run` may be called several times (after a 409 or a transient failure). */
export interface SendJob<T> {
  roomId: number;
  priority?: SendPriority;
  /** For logs only (never the message text). */
  label?: string;
  run: () => Promise<T>;
}

export interface SendQueueOptions {
  /** How many 409s one job may meet before it fails (default 30). */
  maxThrottleRetries?: number;
  /** How many transient failures (network, 5xx) one job may meet before it fails (default 3). */
  maxRetries?: number;
  /** First back-off after a transient failure, doubled each time (default 1000 ms). */
  retryBaseMs?: number;
  /** Longest room-timeout wait honoured before failing (default 120 s). */
  maxRoomTimeoutWaitMs?: number;
  /** Injectable delay (tests). */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

interface Entry {
  job: SendJob<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  seq: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The account's single write queue (§8.1): one write at a time, replies first, FIFO otherwise (so
 * per-room order is kept), 409 waits honoured exactly, bounded retries, and every job settles:
 * resolved with its result or rejected with a typed error. Emits 'drain' when the backlog reaches 0
 * and 'throttled' (ms) on every 409.
 */
export class SendQueue extends EventEmitter {
  private readonly pending: Entry[] = [];
  private running = false;
  private inFlight = 0;
  private seq = 0;
  private closed = false;
  private readonly o: Required<Omit<SendQueueOptions, 'logger'>> & { logger?: Logger };

  /** Totals since start. */
  readonly stats = { sent: 0, failed: 0, throttled: 0, retried: 0 };

  constructor(o: SendQueueOptions = {}) {
    super();
    this.o = {
      maxThrottleRetries: o.maxThrottleRetries ?? 30,
      maxRetries: o.maxRetries ?? 3,
      retryBaseMs: o.retryBaseMs ?? 1000,
      maxRoomTimeoutWaitMs: o.maxRoomTimeoutWaitMs ?? 120_000,
      sleep: o.sleep ?? realSleep,
      ...(o.logger ? { logger: o.logger } : {}),
    };
  }

  /** Jobs waiting or in flight. */
  get backlog(): number {
    return this.pending.length + this.inFlight;
  }

  enqueue<T>(job: SendJob<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ClientClosedError('the send queue is closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ job: job as SendJob<unknown>, resolve: resolve as (v: unknown) => void, reject, seq: this.seq++ });
      void this.pump();
    });
  }

  /** Waits until the backlog is empty, at most `timeoutMs`; then rejects what is left. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.backlog > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        t.unref?.();
        this.once('drain', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    this.closed = true;
    for (const e of this.pending.splice(0)) e.reject(new ClientClosedError('the chat client was closed before this message was sent'));
    if (this.backlog === 0) this.emit('drain');
  }

  private next(): Entry | undefined {
    let idx = this.pending.findIndex((e) => e.job.priority === 'reply');
    if (idx === -1) idx = 0;
    return this.pending.splice(idx, 1)[0];
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const entry = this.next()!;
        this.inFlight++;
        try {
          entry.resolve(await this.execute(entry.job));
          this.stats.sent++;
        } catch (err) {
          this.stats.failed++;
          entry.reject(err);
        } finally {
          this.inFlight--;
        }
      }
    } finally {
      this.running = false;
    }
    if (this.backlog === 0) this.emit('drain');
  }

  private async execute(job: SendJob<unknown>): Promise<unknown> {
    let throttles = 0;
    let failures = 0;
    for (;;) {
      if (this.closed) throw new ClientClosedError('the chat client was closed before this message was sent');
      try {
        return await job.run();
      } catch (err) {
        if (err instanceof ThrottledError) {
          this.stats.throttled++;
          if (++throttles > this.o.maxThrottleRetries) {
            throw new SendError(`still throttled after ${this.o.maxThrottleRetries} waits`, 409, 'THROTTLED_TOO_LONG');
          }
          this.emit('throttled', err.retryAfterMs);
          this.o.logger?.debug({ room: job.roomId, waitMs: err.retryAfterMs, label: job.label }, 'throttled (409): waiting');
          await this.o.sleep(err.retryAfterMs);
          continue;
        }
        if (err instanceof RoomAccessError && err.reason === 'timeout' && err.retryAfterMs !== undefined && err.retryAfterMs <= this.o.maxRoomTimeoutWaitMs && failures < this.o.maxRetries) {
          failures++;
          await this.o.sleep(err.retryAfterMs);
          continue;
        }
        if (err instanceof ChatRequestError && (err.status === undefined || err.status >= 500) && failures < this.o.maxRetries) {
          const wait = this.o.retryBaseMs * 2 ** failures;
          failures++;
          this.stats.retried++;
          this.o.logger?.warn({ room: job.roomId, status: err.status, waitMs: wait, label: job.label }, 'write failed: retrying');
          await this.o.sleep(wait);
          continue;
        }
        throw err;
      }
    }
  }
}
