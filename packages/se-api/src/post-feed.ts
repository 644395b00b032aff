import { DedupeSet } from './dedupe-set.js';
import { QuotaExhaustedError } from './errors.js';
import { postFromFrame, siteOfFrame, type NewPost, type RealtimeQuestion } from './new-post.js';
import { RealtimeSocket } from './realtime-socket.js';
import type { SeApiClient } from './se-api-client.js';
import { decodeEntities } from './text-twins.js';
import type { Answer, Question } from './types.js';

/** What to watch: a site, optionally some tags (any of them), questions (default) or answers. */
export interface FeedSubscription {
  site: string;
  tags?: readonly string[];
  type?: 'question' | 'answer';
}

export interface PostFeedOptions {
  /** The API client for the polling fallback; null = socket only. */
  api: SeApiClient | null;
  subscriptions: readonly FeedSubscription[];
  /** Realtime socket URL (default `wss://qa.sockets.stackexchange.com/`); null = polling only. */
  socketUrl?: string | null;
  /** Channels (default `155-questions-active`: every site). */
  channels?: readonly string[];
  /** Milliseconds between polls (default 60 s). */
  pollIntervalMs?: number;
  /**
   * How far back each poll looks beyond the last one (default 120 s): the API's cache lags about
   * a minute, so a post may show up there late; the overlap finds it, dedupe drops repeats.
   */
  pollDelayMs?: number;
  /** Socket tuning. */
  socket?: { idleTimeoutMs?: number; reconnectMinMs?: number; reconnectMaxMs?: number };
  /** Posts created before this (epoch ms, default: the start) are not new. */
  since?: number;
  /** Failures of the feed (a poll, the socket): logged by the caller, never fatal. */
  onError?: (err: unknown, where: 'poll' | 'socket') => void;
  /** Most posts kept waiting for a slow consumer (default 10,000); beyond, the oldest are dropped with onError. */
  maxBuffered?: number;
}

/**
 * New posts of some sites/tags as one async stream: the realtime socket for speed, the API polled
 * behind it (the socket misses posts), every post delivered once.
 */
export class PostFeed implements AsyncIterable<NewPost> {
  /** Posts delivered, by source. */
  readonly stats = { socket: 0, poll: 0, duplicates: 0, polls: 0, pollErrors: 0 };
  private readonly seen = new DedupeSet();
  private readonly buffer: NewPost[] = [];
  private readonly waiters: ((r: IteratorResult<NewPost>) => void)[] = [];
  private readonly listeners = new Set<(p: NewPost) => void>();
  private readonly socket: RealtimeSocket | null;
  private readonly stop = new AbortController();
  /** Highest question id per site when the feed started: the socket's older ids are activity, not new posts. */
  private readonly startIds = new Map<string, number>();
  private readonly since: number;
  private pollLoop: Promise<void> | null = null;
  private readyResolve!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));
  private pollNow: (() => void) | null = null;
  private started = false;
  private closed = false;
  private subs: readonly FeedSubscription[];

  constructor(private readonly o: PostFeedOptions) {
    if (o.subscriptions.length === 0) throw new TypeError('a post feed needs at least one subscription');
    this.subs = [...o.subscriptions];
    this.since = o.since ?? Date.now();
    const url = o.socketUrl === undefined ? 'wss://qa.sockets.stackexchange.com/' : o.socketUrl;
    this.socket = url
      ? new RealtimeSocket({
          url, channels: o.channels ?? ['155-questions-active'], ...(o.socket ?? {}),
          onFrame: (action, data) => this.onFrame(action, data),
          onOpen: (reconnects) => {
            if (!o.api) this.readyResolve();
            if (reconnects > 0) this.pollNow?.(); // catch up what the socket missed while down
          },
        })
      : null;
  }

  /** Starts the socket and the polling; iteration starts it too. */
  start(): this {
    if (this.started || this.closed) return this;
    this.started = true;
    this.socket?.start();
    if (this.o.api) this.pollLoop = this.runPolls(this.o.api);
    return this;
  }

  /**
   * Resolves once the feed knows where "new" starts on every site (its first poll ended, or the
   * socket is open when there is no API) — or after `timeoutMs` (default 30 s) in any case: true
   * when it is ready, false when the time ran out first.
   */
  ready(timeoutMs = 30_000): Promise<boolean> {
    this.start();
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      void this.readyPromise.then(() => {
        clearTimeout(t);
        resolve(!this.closed);
      });
    });
  }

  /** The current subscriptions. */
  get subscriptions(): readonly FeedSubscription[] {
    return this.subs;
  }

  /** Replaces the subscriptions at run time (e.g. other tags); the next poll and every later frame use them. */
  setSubscriptions(subs: readonly FeedSubscription[]): void {
    this.subs = [...subs];
    this.pollNow?.();
  }

  /** Calls `fn` for every post (besides iteration). Returns an unsubscribe function. */
  onPost(fn: (p: NewPost) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The socket, for tests (drop it) and health. */
  get realtime(): RealtimeSocket | null {
    return this.socket;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort(new Error('feed closed'));
    this.readyResolve();
    this.socket?.close();
    this.pollNow?.();
    for (const w of this.waiters.splice(0)) w({ done: true, value: undefined });
    await this.pollLoop?.catch(() => undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<NewPost> {
    this.start();
    return {
      next: () => {
        const p = this.buffer.shift();
        if (p) return Promise.resolve({ done: false, value: p });
        if (this.closed) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => this.waiters.push(resolve));
      },
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
    };
  }

  private matches(site: string, type: 'question' | 'answer', tags: readonly string[]): boolean {
    return this.subs.some(
      (s) => s.site === site && (s.type ?? 'question') === type && (!s.tags || s.tags.length === 0 || s.tags.some((t) => tags.includes(t))),
    );
  }

  private deliver(p: NewPost): void {
    if (this.closed) return;
    if (!this.matches(p.site, p.type, p.tags)) return;
    if (!this.seen.add(`${p.type}:${p.site}:${p.id}`)) {
      this.stats.duplicates++;
      return;
    }
    this.stats[p.source]++;
    for (const fn of this.listeners) {
      try {
        fn(p);
      } catch (err) {
        this.o.onError?.(err, p.source);
      }
    }
    const w = this.waiters.shift();
    if (w) return w({ done: false, value: p });
    this.buffer.push(p);
    if (this.buffer.length > (this.o.maxBuffered ?? 10_000)) {
      const dropped = this.buffer.shift()!;
      this.o.onError?.(new Error(`post feed buffer full: dropped ${dropped.site} ${dropped.type} ${dropped.id}`), dropped.source);
    }
  }

  private onFrame(action: string, data: unknown): void {
    if (!/questions-(active|newest)/.test(action) || data === null || typeof data !== 'object') return;
    const q = data as RealtimeQuestion;
    const site = siteOfFrame(q);
    if (!site || typeof q.id !== 'number') return;
    const startId = this.startIds.get(site);
    if (this.o.api && startId === undefined && this.subs.some((s) => s.site === site)) {
      // not yet known where "new" starts on this site: the poll will find the post if it is new
      return;
    }
    if (startId !== undefined && q.id <= startId) return; // activity on an older question
    this.deliver(postFromFrame(q, site, Date.now()));
  }

  private async runPolls(api: SeApiClient): Promise<void> {
    const interval = this.o.pollIntervalMs ?? 60_000;
    const overlapS = Math.ceil((this.o.pollDelayMs ?? 120_000) / 1000);
    // watermark per site and type: creation date (Unix s) of the last poll's start
    const watermark = new Map<string, number>();
    const sinceS = Math.floor(this.since / 1000);
    let failures = 0;
    while (!this.closed) {
      const pollStartS = Math.floor(Date.now() / 1000);
      const sites = [...new Set(this.subs.map((s) => s.site))];
      let failed = false;
      for (const site of sites) {
        for (const type of ['question', 'answer'] as const) {
          const subs = this.subs.filter((s) => s.site === site && (s.type ?? 'question') === type);
          if (subs.length === 0 || this.closed) continue;
          const key = `${type}:${site}`;
          const from = Math.max(sinceS - overlapS, (watermark.get(key) ?? sinceS) - overlapS);
          try {
            if (type === 'question') await this.pollQuestions(api, site, subs, from);
            else await this.pollAnswers(api, site, from);
            watermark.set(key, pollStartS);
          } catch (err) {
            if (this.closed) return;
            failed = true;
            this.stats.pollErrors++;
            this.o.onError?.(err, 'poll');
            if (err instanceof QuotaExhaustedError) await this.wait(Math.max(1000, err.resetsAt - Date.now()));
          }
        }
      }
      this.stats.polls++;
      if (!failed) this.readyResolve();
      failures = failed ? failures + 1 : 0;
      await this.wait(failed ? Math.min(600_000, interval * 2 ** Math.min(failures, 6)) : interval);
    }
  }

  private async pollQuestions(api: SeApiClient, site: string, subs: FeedSubscription[], fromdate: number): Promise<void> {
    const allTags = subs.every((s) => s.tags && s.tags.length > 0) ? [...new Set(subs.flatMap((s) => s.tags ?? []))] : [];
    const params = { site, fromdate, sort: 'creation', order: 'desc', pagesize: 100, ...(allTags.length === 1 ? { tagged: allTags[0] } : {}) };
    if (!this.startIds.has(site)) {
      // the first poll also learns where "new" starts for the socket
      const latest = await api.get<Question>('/questions', { site, sort: 'creation', order: 'desc', pagesize: 1, todate: Math.floor(this.since / 1000) }, { signal: this.stop.signal });
      this.startIds.set(site, latest.items[0]?.question_id ?? 0);
    }
    const found: Question[] = [];
    let pages = 0;
    for await (const page of api.paged<Question>('/questions', params, { signal: this.stop.signal }).pages()) {
      found.push(...page.items);
      if (++pages >= 10) break; // bounded: 1,000 posts per site and poll
    }
    const sinceS = Math.floor(this.since / 1000);
    for (const q of found.reverse()) {
      if (q.creation_date < sinceS) continue;
      this.deliver({
        site, type: 'question', id: q.question_id, questionId: q.question_id, title: q.title, titleText: q.title_text ?? decodeEntities(q.title), tags: q.tags ?? [],
        link: q.link ?? '', ...(q.owner?.display_name !== undefined ? { ownerName: decodeEntities(q.owner.display_name) } : {}),
        creationDate: q.creation_date, source: 'poll', seenAt: Date.now(),
      });
    }
  }

  private async pollAnswers(api: SeApiClient, site: string, fromdate: number): Promise<void> {
    const filter = { include: ['answer.title', 'answer.tags', 'answer.link'] };
    const found: Answer[] = [];
    let pages = 0;
    for await (const page of api.paged<Answer>('/answers', { site, fromdate, sort: 'creation', order: 'desc', pagesize: 100, filter }, { signal: this.stop.signal }).pages()) {
      found.push(...page.items);
      if (++pages >= 10) break;
    }
    const sinceS = Math.floor(this.since / 1000);
    for (const a of found.reverse()) {
      if (a.creation_date < sinceS) continue;
      const title = a.title ?? '';
      this.deliver({
        site, type: 'answer', id: a.answer_id, questionId: a.question_id, title, titleText: decodeEntities(title), tags: (a.tags as string[] | undefined) ?? [],
        link: a.link ?? '', ...(a.owner?.display_name !== undefined ? { ownerName: decodeEntities(a.owner.display_name) } : {}),
        creationDate: a.creation_date, source: 'poll', seenAt: Date.now(),
      });
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.pollNow = () => {
        this.pollNow = null;
        done();
      };
    });
  }
}
