import type { Logger } from 'pino';
import { ReplyDataError } from '../errors.js';
import type { Storage } from '../storage/storage.js';

/** The storage document that holds the data of the bot's messages. */
export const REPLY_DATA_NAMESPACE = 'replies';
export const REPLY_DATA_KEY = 'messages';
/** Default: data of the newest 1000 messages is kept… */
export const DEFAULT_REPLY_DATA_KEEP = 1000;
/** …for at most 30 days. */
export const DEFAULT_REPLY_DATA_TTL_S = 30 * 24 * 3600;
/** How long a look-up that misses waits for posts with data still in flight (their ids not known yet). */
export const IN_FLIGHT_WAIT_MS = 5_000;
/** Largest data of one message, as JSON characters. */
export const MAX_REPLY_DATA_CHARS = 4096;

/** How much reply data is kept (`bootstrap({ replyData })`). */
export interface ReplyDataOptions {
  /** Messages whose data is kept, newest first (default 1000). */
  keep?: number;
  /** Seconds a message's data is kept (default 30 days). */
  ttl?: number;
}

/** One of the bot's messages that carried data, as kept. */
export interface StoredBotMessage {
  readonly id: number;
  readonly roomId: number;
  /** The text the bot posted (the whole text when it was split into several messages). */
  readonly text: string;
  /** The data given with it (as JSON gave it back). */
  readonly data: unknown;
  /** Epoch ms of the post. */
  readonly sentAt: number;
}

interface Document {
  v: 1;
  /** By message id. */
  messages: Record<string, Omit<StoredBotMessage, 'id'>>;
}

/**
 * The data of the bot's messages (`ctx.reply(text, { data })`, `app.send(…, { data })`), kept in
 * the app's Storage (already scoped to the bot and its chat server) as one document keyed by
 * message id, so reply commands find it after a restart and on another instance after a failover.
 * Bounded: the newest `keep` messages, none older than `ttl`. A memory copy of the newest entries
 * answers most look-ups; a miss reads the store (another instance may have written it).
 */
export class ReplyDataStore {
  private readonly memory = new Map<number, StoredBotMessage>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly keep: number;
  private readonly ttlMs: number;

  constructor(
    private readonly storage: Storage,
    private readonly logger: Logger,
    options: ReplyDataOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.keep = options.keep ?? DEFAULT_REPLY_DATA_KEEP;
    this.ttlMs = (options.ttl ?? DEFAULT_REPLY_DATA_TTL_S) * 1000;
    storage.declare?.(REPLY_DATA_NAMESPACE, REPLY_DATA_KEY);
  }

  /** Checks that the data can be kept (JSON, at most MAX_REPLY_DATA_CHARS); throws ReplyDataError before anything is posted. */
  static check(data: unknown): void {
    let json: string | undefined;
    try {
      json = JSON.stringify(data);
    } catch (err) {
      throw new ReplyDataError('it is not JSON-serialisable', { cause: err });
    }
    if (json === undefined) throw new ReplyDataError('it is not JSON-serialisable (undefined, a function or a symbol)');
    if (json.length > MAX_REPLY_DATA_CHARS) throw new ReplyDataError(`${json.length} characters of JSON, at most ${MAX_REPLY_DATA_CHARS}`);
  }

  /**
   * Tracks a post with data until its ids are known and remembered: chat can deliver a reply to the
   * message before the post's own answer arrives, and the look-up then waits for it (bounded).
   */
  track(posting: Promise<unknown>): void {
    this.inFlight.add(posting);
    void posting.catch(() => undefined).finally(() => this.inFlight.delete(posting));
  }

  /** Keeps the data of a message just posted (all its ids when split). A failed write is logged, never thrown: the message is out. */
  async remember(roomId: number, ids: readonly number[], text: string, data: unknown): Promise<void> {
    const sentAt = this.now();
    const value = JSON.parse(JSON.stringify(data)) as unknown;
    for (const id of ids) this.memorise({ id, roomId, text, data: value, sentAt });
    try {
      await this.storage.update<Document>(REPLY_DATA_NAMESPACE, REPLY_DATA_KEY, (current) => {
        const messages = { ...(current?.v === 1 ? current.messages : {}) };
        for (const id of ids) messages[String(id)] = { roomId, text, data: value, sentAt };
        return { v: 1, messages: this.bound(messages) };
      });
    } catch (err) {
      this.logger.error({ err, messageIds: ids, roomId }, 'the data of a message could not be saved: replies to it will find none after a restart');
    }
  }

  /** The kept message, or undefined (no data was given, or it is gone: older than the bounds). */
  async get(messageId: number): Promise<StoredBotMessage | undefined> {
    let hit = this.memory.get(messageId);
    if (!hit && this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (timer = setTimeout(r, IN_FLIGHT_WAIT_MS)))]);
      clearTimeout(timer);
      hit = this.memory.get(messageId);
    }
    if (hit) return this.fresh(hit) ? hit : undefined;
    const doc = await this.storage.read<Document>(REPLY_DATA_NAMESPACE, REPLY_DATA_KEY);
    const e = doc?.v === 1 ? doc.messages[String(messageId)] : undefined;
    if (!e) return undefined;
    const found: StoredBotMessage = { id: messageId, ...e };
    if (!this.fresh(found)) return undefined;
    this.memorise(found);
    return found;
  }

  private fresh(m: StoredBotMessage): boolean {
    return this.now() - m.sentAt <= this.ttlMs;
  }

  private memorise(m: StoredBotMessage): void {
    this.memory.delete(m.id);
    this.memory.set(m.id, m);
    while (this.memory.size > this.keep) this.memory.delete(this.memory.keys().next().value as number);
  }

  /** The newest `keep` entries (by message id: chat's ids only grow), none older than the TTL. */
  private bound(messages: Document['messages']): Document['messages'] {
    const oldest = this.now() - this.ttlMs;
    const ids = Object.keys(messages).filter((k) => messages[k].sentAt >= oldest).sort((a, b) => Number(b) - Number(a)).slice(0, this.keep);
    return Object.fromEntries(ids.map((k) => [k, messages[k]]));
  }
}
