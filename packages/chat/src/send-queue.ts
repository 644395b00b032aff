import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ChatInputError, ChatRequestError, ClientClosedError, ResponseTooLargeError, RoomAccessError, SendError, ThrottledError } from './errors.js';

export type SendPriority = 'reply' | 'normal';

/** One unit of write work. `run` may be called several times (after a 409 or a transient failure). */
export interface SendJob<T> {
  roomId: number;
  priority?: SendPriority;
  /** For logs only (never the message text). */
  label?: string;
  run: () => Promise<T>;
  /**
   * Set on a plain message that may be merged with the next queued messages of its room while the
   * account is throttled (see {@link SendQueueOptions.coalesceMaxChars}): `text` is the message,
   * `send(text)` posts any text in its place and resolves to what `run` would.
   */
  coalesce?: { text: string; send: (text: string) => Promise<T> };
}

export interface SendQueueOptions {
  /**
   * How many writes may be in flight at once, never more than one per room (default 4). `1` is the
   * strictly serial mode: one write at a time for the whole account.
   */
  concurrency?: number;
  /** How many 409s one job may meet before it fails (default 30). */
  maxThrottleRetries?: number;
  /**
   * Longest 409 wait honoured (default 30 s). Chat's real waits are a few seconds; a longer one
   * (a proxy's or a broken server's "again in 3600 seconds") is cut to this, logged as absurd, and
   * the write retried then (a real throttle answers another 409, which costs one request).
   */
  maxThrottleWaitMs?: number;
  /** How many transient failures (network, 5xx) one job may meet before it fails (default 3). */
  maxRetries?: number;
  /** First back-off after a transient failure, doubled each time (default 1000 ms). */
  retryBaseMs?: number;
  /** Longest room-timeout wait honoured before failing (default 120 s). */
  maxRoomTimeoutWaitMs?: number;
  /**
   * After a 409 the queue writes one at a time (the account is at its rate limit, parallel writes
   * would only collect more 409s) until this many writes in a row succeed or the backlog empties
   * (default 10).
   */
  serialAfterThrottle?: number;
  /**
   * Merge queued plain messages while the account is throttled (default false). After a 409 the
   * account can only post about one message every few seconds; with this on, when a message of a
   * room is next in line, the messages queued right behind it in the same room that allow it
   * (`SendJob.coalesce`; replies, edits and other writes never merge, and a merge stops at the
   * first of them, so the room's order is kept) are joined with newlines into one post of at most
   * `coalesceMaxChars` characters. Each merged send resolves to the ids of that one post. A merged
   * post is multi-line, which chat renders without markdown. Without a throttle nothing is merged.
   */
  coalesce?: boolean;
  /** Longest merged post (default 4000 characters; chat refuses very large posts). */
  coalesceMaxChars?: number;
  /** Injectable delay (tests). */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
}

interface Entry {
  job: SendJob<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  seq: number;
  reply: boolean;
  throttles: number;
  failures: number;
  /** Entries merged into this one's post (they settle with it). */
  merged?: Entry[];
}

// unref'd: a pause or back-off left behind by close() must not keep the process alive
const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

/**
 * The account's single write queue (§8.1). One queue and one throttle state per account:
 *
 * - up to `concurrency` writes in flight, but at most one per room, so the order of a room's writes
 *   is exactly the order they were queued in (within a priority);
 * - replies first: a queued reply starts before any queued normal write;
 * - a 409 on any write pauses the whole account for the stated wait (the throttle is per account;
 *   a later 409 during the pause extends it to its own end), then the throttled write is retried
 *   before anything else of its room (its room stays reserved for it meanwhile), and writes go one
 *   at a time until the account is clearly out of the throttle;
 * - bounded retries, and every job settles: resolved with its result or rejected with a typed error.
 *
 * `backlog` counts the jobs queued plus the jobs started and not yet settled. Emits 'drain' when the
 * backlog reaches 0 and 'throttled' (ms) on every 409.
 */
export class SendQueue extends EventEmitter {
  /** Queued replies, in order (usually few). */
  private readonly replies: Entry[] = [];
  /** Queued normal writes: one FIFO per room (insertion order of the map is irrelevant: the oldest head wins). */
  private readonly normals = new Map<number, Entry[]>();
  private queued = 0;
  /** Started, not settled (in an attempt, waiting for the pause, or backing off). */
  private readonly active = new Set<Entry>();
  /** Rooms with a started job: no other job of theirs may start. */
  private readonly busyRooms = new Set<number>();
  /** Started jobs waiting for their next attempt, by seq (retried before new work). */
  private readonly retryReady: Entry[] = [];
  /** Started jobs sleeping before their next attempt (back-off, room timeout). */
  private readonly sleeping = new Set<Entry>();
  private attempts = 0;
  private seq = 0;
  private closed = false;
  private paused: Promise<void> | null = null;
  /** >0 while the account is in the post-409 serial mode: successes still needed to leave it. */
  private serialCredits = 0;
  private readonly o: Required<Omit<SendQueueOptions, 'logger'>> & { logger?: Logger };

  /** Totals since start. */
  readonly stats = { sent: 0, failed: 0, throttled: 0, retried: 0, coalesced: 0 };

  constructor(o: SendQueueOptions = {}) {
    super();
    const concurrency = o.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new ChatInputError('queue.concurrency must be a positive integer');
    this.o = {
      concurrency,
      maxThrottleRetries: o.maxThrottleRetries ?? 30,
      maxThrottleWaitMs: o.maxThrottleWaitMs ?? 30_000,
      maxRetries: o.maxRetries ?? 3,
      retryBaseMs: o.retryBaseMs ?? 1000,
      maxRoomTimeoutWaitMs: o.maxRoomTimeoutWaitMs ?? 120_000,
      serialAfterThrottle: o.serialAfterThrottle ?? 10,
      coalesce: o.coalesce ?? false,
      coalesceMaxChars: o.coalesceMaxChars ?? 4000,
      sleep: o.sleep ?? realSleep,
      ...(o.logger ? { logger: o.logger } : {}),
    };
  }

  /** Jobs queued or started and not yet settled. */
  get backlog(): number {
    return this.queued + this.active.size;
  }

  /** Writes in flight right now (HTTP requests under way). */
  get inFlight(): number {
    return this.attempts;
  }

  /** Whether jobs should offer to be merged (the `coalesce` option). */
  get coalesces(): boolean {
    return this.o.coalesce;
  }

  /** True while a 409 wait is being honoured (no write starts). */
  get isPaused(): boolean {
    return this.paused !== null;
  }

  enqueue<T>(job: SendJob<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ClientClosedError('the send queue is closed'));
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        job: job as SendJob<unknown>,
        resolve: resolve as (v: unknown) => void,
        reject,
        seq: this.seq++,
        reply: job.priority === 'reply',
        throttles: 0,
        failures: 0,
      };
      if (entry.reply) this.replies.push(entry);
      else {
        let fifo = this.normals.get(job.roomId);
        if (!fifo) this.normals.set(job.roomId, (fifo = []));
        fifo.push(entry);
      }
      this.queued++;
      this.pump();
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
    const err = (): ClientClosedError => new ClientClosedError('the chat client was closed before this message was sent');
    const left = [...this.replies.splice(0), ...[...this.normals.values()].flat()];
    this.normals.clear();
    this.queued = 0;
    for (const e of left) e.reject(err());
    // started jobs that are waiting (pause, back-off) give up now; those in an attempt settle by themselves
    for (const e of this.retryReady.splice(0)) this.settle(e, false, err());
    for (const e of [...this.sleeping]) {
      this.sleeping.delete(e);
      this.settle(e, false, err());
    }
    if (this.backlog === 0) this.emit('drain');
  }

  private get limit(): number {
    return this.serialCredits > 0 ? 1 : this.o.concurrency;
  }

  /** Starts as many attempts as the limit, the pause and the room reservations allow. */
  private pump(): void {
    while (!this.paused && this.attempts < this.limit) {
      const entry = this.pick();
      if (!entry) return;
      void this.attempt(entry);
    }
  }

  /** Next work: a started job waiting to retry, else a queued reply, else the oldest queued write of a free room. */
  private pick(): Entry | undefined {
    if (this.retryReady.length > 0) return this.retryReady.shift();
    for (let i = 0; i < this.replies.length; i++) {
      const e = this.replies[i]!;
      if (this.busyRooms.has(e.job.roomId)) continue;
      this.replies.splice(i, 1);
      return this.start(e);
    }
    let best: Entry[] | undefined;
    for (const [roomId, fifo] of this.normals) {
      if (this.busyRooms.has(roomId)) continue;
      if (!best || fifo[0]!.seq < best[0]!.seq) best = fifo;
    }
    if (!best) return undefined;
    const e = best.shift()!;
    const merged = this.o.coalesce && this.serialCredits > 0 ? this.takeMergeable(e, best) : undefined;
    if (best.length === 0) this.normals.delete(e.job.roomId);
    if (!merged) return this.start(e);
    // one post carries them all; the merged entries settle with it
    this.queued -= merged.length;
    this.stats.coalesced += merged.length;
    const text = [e, ...merged].map((x) => x.job.coalesce!.text).join('\n');
    const send = e.job.coalesce!.send;
    const carrier: Entry = { ...e, job: { ...e.job, run: () => send(text), label: `${e.job.label ?? 'send'} (+${merged.length} merged)` }, merged };
    this.o.logger?.debug({ room: e.job.roomId, merged: merged.length + 1, chars: text.length }, 'throttled: merging queued messages into one post');
    return this.start(carrier);
  }

  /** The mergeable entries right behind `head` in its room's FIFO (removed from it), or undefined. */
  private takeMergeable(head: Entry, fifo: Entry[]): Entry[] | undefined {
    if (!head.job.coalesce) return undefined;
    let chars = head.job.coalesce.text.length;
    let n = 0;
    while (n < fifo.length) {
      const next = fifo[n]!.job.coalesce;
      if (!next || chars + 1 + next.text.length > this.o.coalesceMaxChars) break;
      chars += 1 + next.text.length;
      n++;
    }
    return n > 0 ? fifo.splice(0, n) : undefined;
  }

  private start(e: Entry): Entry {
    this.queued--;
    this.busyRooms.add(e.job.roomId);
    this.active.add(e);
    return e;
  }

  private settle(e: Entry, ok: boolean, value: unknown): void {
    this.active.delete(e);
    this.busyRooms.delete(e.job.roomId);
    for (const x of [e, ...(e.merged ?? [])]) {
      if (ok) {
        this.stats.sent++;
        x.resolve(value);
      } else {
        this.stats.failed++;
        x.reject(value);
      }
    }
    if (this.backlog === 0) {
      this.serialCredits = 0;
      this.emit('drain');
    }
  }

  /** The job waits `ms` (holding its room), then goes back to the front of the line. */
  private later(e: Entry, ms: number): void {
    this.sleeping.add(e);
    void this.o.sleep(ms).then(() => {
      this.sleeping.delete(e);
      if (!this.active.has(e)) return; // settled by close()
      this.toRetry(e);
      this.pump();
    });
  }

  /** Started jobs retry before new work: replies first, then by age. */
  private toRetry(e: Entry): void {
    this.retryReady.push(e);
    this.retryReady.sort((a, b) => (a.reply === b.reply ? a.seq - b.seq : a.reply ? -1 : 1));
  }

  private pause(ms: number): void {
    const wait = this.o.sleep(ms);
    const p: Promise<void> = this.paused ? Promise.all([this.paused, wait]).then(() => undefined) : wait;
    this.paused = p;
    void p.then(() => {
      if (this.paused !== p) return; // extended by a later 409
      this.paused = null;
      this.pump();
    });
  }

  private async attempt(e: Entry): Promise<void> {
    const job = e.job;
    if (this.closed) return this.settle(e, false, new ClientClosedError('the chat client was closed before this message was sent'));
    this.attempts++;
    let result: unknown;
    let error: unknown;
    let failed = false;
    try {
      result = await job.run();
    } catch (err) {
      failed = true;
      error = err;
    }
    this.attempts--;
    if (!failed) {
      if (this.serialCredits > 0) this.serialCredits--;
      this.settle(e, true, result);
    } else {
      this.onFailure(e, error);
    }
    this.pump();
  }

  private onFailure(e: Entry, err: unknown): void {
    const job = e.job;
    if (err instanceof ThrottledError) {
      this.stats.throttled++;
      if (++e.throttles > this.o.maxThrottleRetries) {
        return this.settle(e, false, new SendError(`still throttled after ${this.o.maxThrottleRetries} waits`, 409, 'THROTTLED_TOO_LONG'));
      }
      let wait = err.retryAfterMs;
      if (!(wait <= this.o.maxThrottleWaitMs)) {
        this.o.logger?.warn(
          { room: job.roomId, statedWaitMs: err.retryAfterMs, waitMs: this.o.maxThrottleWaitMs, label: job.label },
          'absurd throttle wait (409): waiting only maxThrottleWaitMs, then retrying',
        );
        wait = this.o.maxThrottleWaitMs;
      }
      this.emit('throttled', wait);
      this.o.logger?.debug({ room: job.roomId, waitMs: wait, label: job.label }, 'throttled (409): pausing the account');
      this.serialCredits = this.o.serialAfterThrottle;
      this.pause(wait);
      // first in line (by age) once the pause is over
      this.toRetry(e);
      return;
    }
    if (err instanceof RoomAccessError && err.reason === 'timeout' && err.retryAfterMs !== undefined && err.retryAfterMs <= this.o.maxRoomTimeoutWaitMs && e.failures < this.o.maxRetries) {
      e.failures++;
      return this.later(e, err.retryAfterMs);
    }
    if (err instanceof ChatRequestError && !(err instanceof ResponseTooLargeError) && (err.status === undefined || err.status >= 500) && e.failures < this.o.maxRetries) {
      const wait = this.o.retryBaseMs * 2 ** e.failures;
      e.failures++;
      this.stats.retried++;
      this.o.logger?.warn({ room: job.roomId, status: err.status, waitMs: wait, label: job.label }, 'write failed: retrying');
      return this.later(e, wait);
    }
    this.settle(e, false, err);
  }
}
