import { ChatClient, type ChatClientOptions, type ChatEvent, type ChatHost, DuplicateMessageError, MessageActionError, MessageEvent, type Room } from '@botpy/chat';
import { ChatActionError } from '../actions/chat-action-error.js';
import type { Logger } from 'pino';
import type {
  ChatMessageDetails, ChatPerson, ChatRoomDetails, ChatTransport, ChatUserDetails, DrainResult, IncomingMessage, SendOptions, TransportEvent, TransportHealth,
} from './chat-transport.js';

const DUPLICATE_RETRIES = 3;
const DEFAULT_DRAIN_MS = 10_000;

/** How SeChatTransport logs in. Secrets stay inside; they never reach a log line. */
export interface SeChatTransportOptions {
  host: ChatHost;
  email: string;
  password: string;
  origins?: { chat: string; login: string };
  logger?: Logger;
  cookieFile?: string;
  socket?: Record<string, unknown>;
  /** Send-queue knobs (`concurrency`, `coalesce`, …), as `ChatClient.login` takes them. */
  queue?: ChatClientOptions['queue'];
  userAgent?: string;
}

/** Adapts `@botpy/chat`'s ChatClient to the ChatTransport interface core depends on. */
export class SeChatTransport implements ChatTransport {
  private client: ChatClient | null = null;
  private readonly rooms = new Map<number, Room>();
  private readonly listeners = new Set<(e: TransportEvent) => void>();
  /** Sends not yet settled, by room (for the report of a drain that ran out of time). */
  private readonly pendingSends = new Map<number, number>();

  constructor(private readonly options: SeChatTransportOptions) {}

  get self(): ChatPerson | null {
    return this.client ? { id: this.client.userId, name: this.client.userName } : null;
  }

  async connect(roomIds: readonly number[]): Promise<ChatPerson> {
    const o = this.options;
    const client = await ChatClient.login({
      host: o.host, email: o.email, password: o.password, origins: o.origins, logger: o.logger, cookieFile: o.cookieFile,
      userAgent: o.userAgent, socket: o.socket as never, ...(o.queue ? { queue: o.queue } : {}),
      // core drains the queue (bounded) before it closes: closing then gives up on what is left at once
      closeTimeoutMs: 0,
    });
    this.client = client;
    client.on('event', (e: ChatEvent) => this.dispatch(e));
    try {
      for (const id of roomIds) this.rooms.set(id, await client.joinRoom(id));
    } catch (err) {
      await client.close().catch(() => undefined);
      this.client = null;
      throw err;
    }
    return { id: client.userId, name: client.userName };
  }

  onEvent(fn: (e: TransportEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Sends through the client's queue. Chat refuses a text identical to the account's previous
   * message; like ChatExchange, the adapter then retries with a trailing space (a few times, as
   * identical texts sent concurrently can collide more than once).
   */
  async send(roomId: number, text: string, options: SendOptions = {}): Promise<number[]> {
    const room = this.requireRoom(roomId);
    const o = { replyTo: options.replyTo, lengthCheck: options.lengthCheck ?? true, priority: options.replyTo !== undefined ? 'reply' as const : 'normal' as const };
    this.pendingSends.set(roomId, (this.pendingSends.get(roomId) ?? 0) + 1);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await room.sendAll(text + ' '.repeat(attempt), o);
        } catch (err) {
          if (!(err instanceof DuplicateMessageError) || attempt >= DUPLICATE_RETRIES) throw err;
        }
      }
    } finally {
      const left = (this.pendingSends.get(roomId) ?? 1) - 1;
      if (left > 0) this.pendingSends.set(roomId, left);
      else this.pendingSends.delete(roomId);
    }
  }

  roomName(roomId: number): string | undefined {
    return this.rooms.get(roomId)?.name;
  }

  async roomOwners(roomId: number): Promise<ChatPerson[]> {
    return (await this.requireRoom(roomId).owners()).map((u) => ({ id: u.id, name: u.name }));
  }

  async roomUsers(roomId: number): Promise<ChatPerson[]> {
    return (await this.requireRoom(roomId).pingableUsers()).map((u) => ({ id: u.id, name: u.name }));
  }

  async user(userId: number): Promise<ChatPerson> {
    const u = await this.requireClient().user(userId);
    return { id: u.id, name: u.name };
  }

  edit(roomId: number, messageId: number, text: string): Promise<void> {
    return refusals('edit', messageId, this.requireRoom(roomId).edit(messageId, text));
  }

  delete(roomId: number, messageId: number): Promise<void> {
    return refusals('delete', messageId, this.requireRoom(roomId).delete(messageId));
  }

  star(roomId: number, messageId: number, on = true): Promise<void> {
    return refusals(on ? 'star' : 'unstar', messageId, this.requireRoom(roomId).star(messageId, on));
  }

  pin(roomId: number, messageId: number, on = true): Promise<void> {
    return refusals(on ? 'pin' : 'unpin', messageId, this.requireRoom(roomId).pin(messageId, on));
  }

  cancelStars(roomId: number, messageId: number): Promise<void> {
    return refusals('cancel the stars of', messageId, this.requireRoom(roomId).cancelStars(messageId));
  }

  move(roomId: number, messageIds: readonly number[], toRoomId: number): Promise<number> {
    return refusals('move', undefined, this.requireRoom(roomId).move(messageIds, toRoomId));
  }

  async history(roomId: number, count: number): Promise<IncomingMessage[]> {
    return (await this.requireRoom(roomId).history(count)).map((e) => this.toMessage(e));
  }

  async message(messageId: number): Promise<ChatMessageDetails> {
    const d = await refusals('read', messageId, this.requireClient().message(messageId));
    let source = d.source;
    if (source === undefined && !d.deleted) source = await this.requireClient().messageSource(messageId).catch(() => undefined);
    const person = (p: { id: number | null; name: string }): ChatPerson => ({ id: p.id ?? 0, name: p.name });
    return {
      id: d.id, source: source ?? '', roomId: d.roomId, owner: person(d.owner), text: d.text, html: d.html,
      ...(d.parentId !== undefined ? { parentId: d.parentId } : {}),
      stars: d.stars, starredByMe: d.starredByMe, pinned: d.pinned, pinnedBy: d.pinnedBy.map(person), edits: d.edits,
      ...(d.editor ? { editor: person(d.editor) } : {}), deleted: d.deleted,
    };
  }

  async userDetails(userId: number, roomId?: number): Promise<ChatUserDetails> {
    const client = this.requireClient();
    const [card, profile] = await Promise.all([client.user(userId, roomId), client.userDetails(userId).catch(() => undefined)]);
    const now = Date.now();
    const ago = (s: number | null | undefined): number | null => (s === null || s === undefined ? null : now - s * 1000);
    return {
      id: card.id, name: card.name,
      ...(card.isModerator !== undefined ? { isModerator: card.isModerator || (profile?.isModerator ?? false) } : {}),
      ...(card.isOwner !== undefined ? { isOwner: card.isOwner } : {}),
      ...(profile
        ? { reputation: profile.reputation, about: profile.about, lastSeen: ago(profile.lastSeenAgoSeconds), lastMessage: ago(profile.lastMessageAgoSeconds), messageCount: profile.messageCount, roomCount: profile.roomCount }
        : {}),
    };
  }

  async roomDetails(roomId: number): Promise<ChatRoomDetails> {
    const client = this.requireClient();
    const joined = this.rooms.get(roomId);
    const [d, pingable] = await Promise.all([client.roomDetails(roomId), joined ? joined.pingableUsers().catch(() => undefined) : Promise.resolve(undefined)]);
    const people = (list: readonly { id: number; name: string }[]): ChatPerson[] => list.map((u) => ({ id: u.id, name: u.name }));
    return {
      id: d.id, name: d.name, description: d.description, tags: d.tags, messageCount: d.messageCount, userCount: d.userCount, parentSite: d.parentSite,
      owners: people(d.owners), currentUsers: people(d.currentUsers), ...(pingable ? { pingableUsers: people(pingable) } : {}),
    };
  }

  async drain(timeoutMs: number = DEFAULT_DRAIN_MS): Promise<DrainResult> {
    const client = this.client;
    if (client && client.sendQueue.backlog > 0) {
      const queue = client.sendQueue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          queue.off('drain', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, timeoutMs));
        queue.on('drain', done);
      });
    }
    const pending = [...this.pendingSends].map(([roomId, messages]) => ({ roomId, messages }));
    return { drained: pending.length === 0 && (client?.sendQueue.backlog ?? 0) === 0, pending };
  }

  async close(options: { leaveRooms?: boolean } = {}): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (options.leaveRooms !== false) for (const room of this.rooms.values()) await room.leave().catch(() => undefined);
    this.rooms.clear();
    await client.close();
    this.client = null;
  }

  health(): TransportHealth {
    const c = this.client;
    if (!c) return { socketState: 'closed', lastFrameAt: null, sendBacklog: 0, reconnects: 0 };
    const q = c.sendQueue.stats;
    return {
      socketState: c.stats.socketState, lastFrameAt: c.stats.lastFrameAt, sendBacklog: c.sendQueue.backlog, reconnects: c.stats.reconnects,
      messagesSent: q.sent, throttled: q.throttled, coalesced: q.coalesced,
    };
  }

  private toMessage(e: MessageEvent): IncomingMessage {
    const m: { -readonly [K in keyof IncomingMessage]: IncomingMessage[K] } = {
      id: e.messageId, text: e.text, html: e.html,
      user: { id: e.userId ?? 0, name: e.userName ?? '' },
      room: { id: e.roomId, name: e.roomName ?? this.rooms.get(e.roomId)?.name ?? '' },
      time: e.timeStamp * 1000,
      isReply: e.showParent === true, repliedToBot: e.repliedTo, mentionsBot: e.mentioned,
    };
    if (e.parentId !== undefined) m.parentId = e.parentId; // no spread of a temporary object per message
    return m;
  }

  private dispatch(e: ChatEvent): void {
    const message = e instanceof MessageEvent ? this.toMessage(e) : undefined;
    const te: TransportEvent = message ? { type: e.type, typeName: e.typeName, roomId: e.roomId, event: e, message } : { type: e.type, typeName: e.typeName, roomId: e.roomId, event: e };
    for (const fn of this.listeners) fn(te);
  }

  private requireClient(): ChatClient {
    if (!this.client) throw new Error('the chat transport is not connected');
    return this.client;
  }

  private requireRoom(roomId: number): Room {
    const room = this.rooms.get(roomId);
    if (!room) throw new Error(`room ${roomId} is not joined`);
    return room;
  }
}

/** Chat's refusals (MessageActionError) become core's typed ChatActionError; anything else passes. */
async function refusals<T>(action: string, messageId: number | undefined, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof MessageActionError) {
      throw new ChatActionError(action, err.refusal, { ...(messageId !== undefined ? { messageId } : {}), reason: err.reason, cause: err });
    }
    throw err;
  }
}
