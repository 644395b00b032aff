import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ChatSession } from './chat-session.js';
import { loadCookieJar } from './cookie-store.js';
import { fetchMessageDetails, type MessageDetails } from './message-details.js';
import { fetchRoomDetails, type RoomDetails } from './room-details.js';
import { fetchUserDetails, type UserDetails } from './user-details.js';
import { ChatInputError, ChatRequestError, ClientClosedError, RoomAccessError } from './errors.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { ChatEvent, MessageRelatedEvent } from './events.js';
import { EventStream, type EventStreamOptions, type StreamStats } from './event-stream.js';
import { resolveOrigins, type ChatHost, type ChatOrigins } from './hosts.js';
import { parseBody } from './parse-events.js';
import type { LoginRateLimit } from './login-limiter.js';
import { chatLogger } from './redact.js';
import { Room, type ChatUser } from './room.js';
import { SendQueue, type SendQueueOptions } from './send-queue.js';
import { roomRefusal } from './write-response.js';

export interface ChatClientOptions {
  host: ChatHost;
  email: string;
  password: string;
  /** Where the cookie jar is kept between runs (JSON, mode 0600). Strongly recommended: avoids CAPTCHAs. */
  cookieFile?: string;
  /** Point the client at an emulator or a proxy. */
  origins?: Partial<ChatOrigins>;
  logger?: Logger;
  userAgent?: string;
  socket?: EventStreamOptions;
  /** Transient-failure retries of one write (default 3). */
  sendRetries?: number;
  /** Send-queue knobs: `concurrency` (writes in flight, ≤ 1 per room; default 4, 1 = strictly serial), throttle retry bound, back-off, injectable sleep. */
  queue?: Omit<SendQueueOptions, 'logger'>;
  /** HTTP timeout per request (default 30 s). */
  timeoutMs?: number;
  /** Certificates (PEM) to trust besides the public roots, for HTTPS and the socket (a test server, a TLS-inspecting proxy). */
  ca?: string | Buffer | (string | Buffer)[];
  /** Back-off after a CAPTCHA answer / a read-only login page (defaults 10 min / 30 s). */
  captchaBackoffMs?: number;
  readOnlyBackoffMs?: number;
  /** Replies as the `parentId` field (default; needed for fixed-font replies) or the classic `:id ` prefix. */
  replyStyle?: 'field' | 'prefix';
  /**
   * How many cut-off messages (`div.partial`) are completed from `?plain=true` at once (default 4).
   * Completion holds back only the later events of the same room (their order is kept); other rooms,
   * and events whose text does not matter (stars, deletions, …), are not delayed.
   */
  completionConcurrency?: number;
  /** How long close() waits for the send queue to drain (default 10 s). */
  closeTimeoutMs?: number;
  /**
   * Password logins allowed per window (default 5 per 30 min). With `cookieFile` the times of the
   * last logins are kept next to it (`<cookieFile>.logins.json`), so the limit holds across restarts.
   */
  loginRateLimit?: LoginRateLimit;
  /** Longest answer body read, GET or POST (default 8 MiB); a bigger one fails with ResponseTooLargeError. */
  maxResponseBytes?: number;
}

export interface ClientStats extends StreamStats {
  passwordLogins: number;
  cookieLogins: number;
  fkeyRefreshes: number;
  relogins: number;
  sent: number;
  sendFailures: number;
  throttled: number;
}

const DEFAULT_UA = '@botpy/chat (Botpy for TypeScript; +https://github.com/SOBotics/Botpy)';

/** One account on one chat server (§11): login, one socket, one write queue, joined rooms. */
export class ChatClient {
  readonly host: ChatHost;
  readonly sendQueue: SendQueue;
  private readonly emitter = new EventEmitter();
  private readonly rooms = new Map<number, Room>();
  private readonly stream: EventStream;
  /** Per room: the delivery of its events waiting for a completion (absent when none waits). */
  private readonly roomTails = new Map<number, Promise<void>>();
  private readonly completions: ConcurrencyLimit;
  private closed = false;

  private constructor(
    host: ChatHost,
    private readonly session: ChatSession,
    private readonly log: Logger,
    private readonly o: ChatClientOptions,
  ) {
    this.host = host;
    this.emitter.setMaxListeners(0);
    this.sendQueue = new SendQueue({ maxRetries: o.sendRetries ?? 3, ...(o.queue ?? {}), logger: log });
    this.stream = new EventStream(session, () => [...this.rooms.keys()], log, o.socket ?? {});
    this.completions = new ConcurrencyLimit(o.completionConcurrency ?? 4);
    this.stream.on('events', (events: ChatEvent[]) => this.fanOut(events));
    this.stream.on('disconnected', () => this.safeEmit('disconnected'));
    this.stream.on('reconnected', () => this.safeEmit('reconnected'));
  }

  /** Logs in (saved cookies first, the password only when they no longer work). */
  static async login(o: ChatClientOptions): Promise<ChatClient> {
    const origins = resolveOrigins(o.host, o.origins);
    if (typeof o.email !== 'string' || !o.email) throw new ChatInputError('email is required');
    if (typeof o.password !== 'string' || !o.password) throw new ChatInputError('password is required');
    const log = chatLogger(o.logger, { host: o.host });
    // a jar is keyed by chat server and account: another account's saved session is never used
    const jarOwner = { host: o.host, email: o.email };
    const jar = await loadCookieJar(o.cookieFile, (reason) => log.warn(reason), jarOwner);
    const session = new ChatSession({
      origins,
      email: o.email,
      password: o.password,
      jar,
      ...(o.cookieFile ? { cookieFile: o.cookieFile, jarOwner } : {}),
      logger: log,
      userAgent: o.userAgent ?? DEFAULT_UA,
      ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.ca !== undefined ? { ca: o.ca } : {}),
      ...(o.captchaBackoffMs !== undefined ? { captchaBackoffMs: o.captchaBackoffMs } : {}),
      ...(o.readOnlyBackoffMs !== undefined ? { readOnlyBackoffMs: o.readOnlyBackoffMs } : {}),
      ...(o.loginRateLimit ? { loginRateLimit: o.loginRateLimit } : {}),
      ...(o.maxResponseBytes !== undefined ? { maxResponseBytes: o.maxResponseBytes } : {}),
    });
    await session.start();
    await session.persist();
    return new ChatClient(o.host, session, log, o);
  }

  /** The account's chat user id on this server (read from the chat page). */
  get userId(): number {
    return this.session.userId;
  }
  get userName(): string {
    return this.session.userName;
  }
  get origins(): ChatOrigins {
    return this.session.origins;
  }

  get stats(): ClientStats {
    const s = this.session.stats;
    const q = this.sendQueue.stats;
    return { ...this.stream.stats, ...s, sent: q.sent, sendFailures: q.failed, throttled: q.throttled };
  }

  /** Joins a room ("join" = `/chats/{room}/events`) and makes sure the account's socket runs. */
  async joinRoom(id: number): Promise<Room> {
    if (this.closed) throw new ClientClosedError();
    if (!Number.isInteger(id) || id <= 0) throw new ChatInputError('a room id is a positive integer');
    const existing = this.rooms.get(id);
    if (existing) return existing;
    const res = await this.session.read(`/chats/${id}/events`, { since: '0', mode: 'Messages', msgCount: '1' }, 'POST /chats/:room/events');
    if (res.status === 404) throw roomRefusal(res.body) ?? new RoomAccessError('no-access', `room ${id} does not exist or is not accessible`);
    if (res.status !== 200) throw new ChatRequestError('POST /chats/:room/events', `HTTP ${res.status}`, res.status);
    const parsed = parseBody(res.body);
    this.stream.markKnown(parsed.events.map((e) => e.id));
    let name = parsed.events.find((e) => e.roomId === id)?.roomName ?? '';
    const room = new Room(id, name, {
      session: this.session,
      queue: this.sendQueue,
      replyStyle: this.o.replyStyle ?? 'field',
      bind: (ev) => this.bind(ev),
      detach: (roomId) => this.detach(roomId),
    });
    this.rooms.set(id, room);
    if (!name) {
      try {
        name = (await room.info()).name;
      } catch {}
    }
    if (!this.stream.isRunning) this.stream.start(parsed.cursor ?? 0);
    this.log.info({ room: id }, 'joined room');
    return room;
  }

  room(id: number): Room | undefined {
    return this.rooms.get(id);
  }

  joinedRooms(): Room[] {
    return [...this.rooms.values()];
  }

  /** A user's card: with a room, `/user/info` (owner flag for that room); else `/users/thumbs/{id}`. */
  async user(id: number, roomId?: number): Promise<ChatUser> {
    if (roomId !== undefined) {
      const res = await this.session.read('/user/info', { ids: String(id), roomId: String(roomId) }, 'POST /user/info');
      if (res.status !== 200) throw new ChatRequestError('POST /user/info', `HTTP ${res.status}`, res.status);
      const u = ((JSON.parse(res.body) as { users?: Record<string, unknown>[] }).users ?? [])[0];
      if (!u) throw new ChatRequestError('POST /user/info', `user ${id} not found`, 404);
      return { id: Number(u.id), name: String(u.name ?? ''), isModerator: u.is_moderator === true, isOwner: u.is_owner === true };
    }
    const res = await this.session.get(`/users/thumbs/${id}`, 'GET /users/thumbs/:id');
    if (res.status !== 200) throw new ChatRequestError('GET /users/thumbs/:id', res.status === 404 ? `user ${id} not found` : `HTTP ${res.status}`, res.status);
    const u = JSON.parse(res.body) as Record<string, unknown>;
    return { id: Number(u.id ?? id), name: String(u.name ?? ''), isModerator: u.is_moderator === true };
  }

  /** The exact markdown source of a message (`GET /message/{id}?plain=true`). */
  async messageSource(messageId: number): Promise<string> {
    const res = await this.session.get(`/message/${messageId}`, 'GET /message/:id', { plain: 'true' });
    if (res.status !== 200) throw new ChatRequestError('GET /message/:id', res.status === 404 ? 'message not found or deleted' : `HTTP ${res.status}`, res.status);
    return res.body;
  }

  /** A message's details: owner, stars, starred by this account, pinned (and by whom), parent, edits, source. */
  message(messageId: number): Promise<MessageDetails> {
    return fetchMessageDetails(this.session, messageId);
  }

  /** A user's chat profile: reputation, moderator, about, last seen / last message. */
  userDetails(userId: number): Promise<UserDetails> {
    return fetchUserDetails(this.session, userId);
  }

  /** A room's info page (joined or not): counts, parent site, tags, owners, current users. */
  roomDetails(roomId: number): Promise<RoomDetails> {
    return fetchRoomDetails(this.session, roomId);
  }

  on(ev: 'event', fn: (e: ChatEvent) => void): this;
  on(ev: 'disconnected' | 'reconnected', fn: () => void): this;
  on(ev: string, fn: (...args: any[]) => void): this {
    this.emitter.on(ev, fn);
    return this;
  }
  off(ev: string, fn: (...args: any[]) => void): this {
    this.emitter.off(ev, fn);
    return this;
  }

  /** Drains the send queue (bounded), stops the socket, saves the cookies. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sendQueue.close(this.o.closeTimeoutMs ?? 10_000);
    this.stream.stop();
    // completions are bounded by the HTTP timeout and never reject
    while (this.roomTails.size > 0) await Promise.all([...this.roomTails.values()]);
    for (const r of this.rooms.values()) r.end();
    this.rooms.clear();
    await this.session.persist();
    this.session.close();
    this.log.info('chat client closed');
  }

  private safeEmit(name: string, ...args: unknown[]): void {
    for (const fn of this.emitter.listeners(name) as ((...a: unknown[]) => void)[]) {
      try {
        fn(...args);
      } catch {}
    }
  }

  private bind(ev: ChatEvent): void {
    if (ev instanceof MessageRelatedEvent) ev.fetchSource = (id) => this.messageSource(id);
  }

  private detach(roomId: number): void {
    const r = this.rooms.get(roomId);
    this.rooms.delete(roomId);
    r?.end();
    if (this.rooms.size === 0) this.stream.stop();
  }

  /**
   * Delivers events in order per room. A cut-off message whose text matters is completed first
   * (concurrently, bounded); only the later events of its room wait for it.
   */
  private fanOut(events: ChatEvent[]): void {
    for (const ev of events) {
      this.bind(ev);
      const completion = needsCompletion(ev) ? this.complete(ev) : undefined;
      const tail = this.roomTails.get(ev.roomId);
      if (!completion && !tail) {
        this.deliver(ev);
        continue;
      }
      const next = (tail ?? Promise.resolve()).then(() => completion).then(() => this.deliver(ev));
      this.roomTails.set(ev.roomId, next);
      void next.then(() => {
        if (this.roomTails.get(ev.roomId) === next) this.roomTails.delete(ev.roomId);
      });
    }
  }

  /** Fetches the full text of a cut-off message (never rejects: a failure keeps the cut text, logged). */
  private async complete(ev: MessageRelatedEvent): Promise<void> {
    try {
      const source = await this.completions.run(() => this.messageSource(ev.messageId));
      ev.text = withoutReplyPrefix(source, ev.parentId);
    } catch (err) {
      this.log.warn({ messageId: ev.messageId, err: (err as Error).message }, 'could not fetch the full text of a truncated message');
    }
  }

  private deliver(ev: ChatEvent): void {
    const room = this.rooms.get(ev.roomId);
    if (!room && ev.type !== 8 && ev.type !== 18 && ev.type !== 17) return;
    this.safeEmit('event', ev);
    room?.dispatch(ev);
  }
}

/** Event types whose text is read (posts, edits, lone mentions and replies); stars, deletions, moves are not. */
const TEXT_TYPES = new Set([1, 2, 8, 18]);

function needsCompletion(ev: ChatEvent): ev is MessageRelatedEvent {
  return ev instanceof MessageRelatedEvent && ev.truncated && ev.messageId > 0 && TEXT_TYPES.has(ev.type);
}

/**
 * A reply's source starts with `:<parent id> ` when it was typed that way (§7.3); the rendered text
 * has `@Name` there instead. A truncated message's text completed from its source drops the prefix,
 * so that the words that follow are what a reader sees first.
 */
function withoutReplyPrefix(source: string, parentId: number | undefined): string {
  if (parentId === undefined) return source;
  const prefix = `:${parentId} `;
  return source.startsWith(prefix) ? source.slice(prefix.length) : source;
}
