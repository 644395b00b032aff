import { EventEmitter } from 'node:events';
import { parseHtml as parse } from './commonjs-packages.js';
import type { ChatSession } from './chat-session.js';
import { ChatInputError, ChatRequestError, ClientClosedError, MessageActionError, RoomAccessError } from './errors.js';
import { ChatEvent, MessageEvent, MessagePostedEvent, type EventName } from './events.js';
import { fetchMessageDetails, type MessageDetails } from './message-details.js';
import { parseRoomOwners } from './pages.js';
import { fetchRoomDetails, type RoomDetails } from './room-details.js';
import { parseBody } from './parse-events.js';
import type { SendPriority, SendQueue } from './send-queue.js';
import { SINGLE_LINE_LIMIT, splitMessage } from './split-message.js';
import { parseActionResult, parseNewMessage, roomRefusal } from './write-response.js';

export interface ChatUser {
  id: number;
  name: string;
  isModerator?: boolean;
  isOwner?: boolean;
}

export interface RoomInfo {
  id: number;
  name: string;
  description: string;
  tags: string[];
  isFavorite: boolean;
}

export interface SendOptions {
  /** Reply to this message (sent as the `parentId` field; the server renders `@Owner`). */
  replyTo?: number;
  /** Split a single-line text over 500 characters into several messages (default true). */
  lengthCheck?: boolean;
  /** Queue priority; replies default to 'reply' (sent first). */
  priority?: SendPriority;
  /**
   * May this message be merged with others queued behind it while the account is throttled
   * (default: the client's `queue.coalesce`)? Replies, split texts and fixed-font blocks never merge.
   */
  coalesce?: boolean;
}

/** What a Room needs from its client. */
export interface RoomContext {
  session: ChatSession;
  queue: SendQueue;
  /** How replies are sent: the `parentId` field (default) or the `:id ` text prefix. */
  replyStyle: 'field' | 'prefix';
  bind(ev: ChatEvent): void;
  detach(roomId: number): void;
}

type Listener = (ev: ChatEvent) => void;

/** A fixed-font block: every line indented by four spaces or a tab (merging would break it). */
const FIXED_FONT = /^( {4}|\t)/m;

/** A joined room: writes go through the account's queue, events arrive from the account's socket. */
export class Room {
  readonly id: number;
  name: string;
  private readonly emitter = new EventEmitter();
  private readonly iterators = new Set<{ push: (ev: ChatEvent | null) => void }>();
  private closed = false;

  constructor(
    id: number,
    name: string,
    private readonly ctx: RoomContext,
  ) {
    this.id = id;
    this.name = name;
    this.emitter.setMaxListeners(0);
  }

  /** @internal called by the client for every event of this room, in order. */
  dispatch(ev: ChatEvent): void {
    if (ev.roomName && ev.roomId === this.id && ev.type !== 8 && ev.type !== 18) this.name = ev.roomName;
    this.safeEmit('event', ev);
    if (ev instanceof MessagePostedEvent) this.safeEmit('message', ev);
    this.safeEmit(ev.typeName, ev);
    for (const it of this.iterators) it.push(ev);
  }

  private safeEmit(name: string, ev: ChatEvent): void {
    for (const fn of this.emitter.listeners(name) as Listener[]) {
      try {
        fn(ev);
      } catch {
        // a throwing handler must not stop the others nor the stream
      }
    }
  }

  /** @internal the room was left or the client closed: end the iterators. */
  end(): void {
    this.closed = true;
    for (const it of this.iterators) it.push(null);
    this.iterators.clear();
  }

  /** 'message' = new posts (MessagePostedEvent); 'event' = everything; or an event type name. */
  on(type: 'message', fn: (ev: MessagePostedEvent) => void): this;
  on(type: 'event' | EventName, fn: (ev: ChatEvent) => void): this;
  on(type: string, fn: (ev: any) => void): this {
    this.emitter.on(type, fn);
    return this;
  }
  off(type: string, fn: (ev: any) => void): this {
    this.emitter.off(type, fn);
    return this;
  }
  once(type: string, fn: (ev: any) => void): this {
    this.emitter.once(type, fn);
    return this;
  }

  /** Every event of the room from now on, until the room is left or the client closed. */
  [Symbol.asyncIterator](): AsyncIterableIterator<ChatEvent> {
    const buffer: (ChatEvent | null)[] = [];
    let wake: (() => void) | null = null;
    let done = this.closed;
    const sink = {
      push: (ev: ChatEvent | null) => {
        buffer.push(ev);
        wake?.();
      },
    };
    this.iterators.add(sink);
    const finish = (): IteratorResult<ChatEvent> => {
      done = true;
      this.iterators.delete(sink);
      return { value: undefined, done: true };
    };
    const it: AsyncIterableIterator<ChatEvent> = {
      next: async () => {
        for (;;) {
          if (done) return { value: undefined, done: true };
          const ev = buffer.shift();
          if (ev === null) return finish();
          if (ev !== undefined) return { value: ev, done: false };
          await new Promise<void>((r) => (wake = r));
          wake = null;
        }
      },
      return: async () => finish(),
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  /** Posts a message; resolves to its id (the first one when the text was split). */
  async send(text: string, o: SendOptions = {}): Promise<number> {
    const ids = await this.sendAll(text, o);
    return ids[0]!;
  }

  /** Posts a message; resolves to all ids (several when a long single-line text was split). */
  sendAll(text: string, o: SendOptions = {}): Promise<number[]> {
    if (typeof text !== 'string' || text.trim().length === 0) return Promise.reject(new ChatInputError('cannot send an empty message'));
    if (this.closed) return Promise.reject(new ClientClosedError('the room was left'));
    if (o.replyTo !== undefined && !(Number.isInteger(o.replyTo) && o.replyTo > 0)) return Promise.reject(new ChatInputError('replyTo must be a message id'));
    const prefix = o.replyTo !== undefined && this.ctx.replyStyle === 'prefix' ? `:${o.replyTo} ` : '';
    if (o.lengthCheck === false && !text.includes('\n') && prefix.length + text.length > SINGLE_LINE_LIMIT) {
      return Promise.reject(new ChatInputError(`a single-line message may have at most ${SINGLE_LINE_LIMIT} characters (lengthCheck is off, so it is not split)`));
    }
    const parts = o.lengthCheck === false ? [text] : splitMessage(text, SINGLE_LINE_LIMIT - prefix.length);
    if (prefix) parts[0] = prefix + parts[0]!;
    const ids: number[] = [];
    const mergeable = (o.coalesce ?? this.ctx.queue.coalesces) && o.replyTo === undefined && parts.length === 1 && !FIXED_FONT.test(text);
    return this.ctx.queue.enqueue({
      roomId: this.id,
      priority: o.priority ?? (o.replyTo !== undefined ? 'reply' : 'normal'),
      label: `send room ${this.id}`,
      ...(mergeable ? { coalesce: { text, send: async (merged: string) => [await this.postText(merged)] } } : {}),
      run: async () => {
        while (ids.length < parts.length) {
          const form: Record<string, string> = { text: parts[ids.length]! };
          if (o.replyTo !== undefined && ids.length === 0 && !prefix) form.parentId = String(o.replyTo);
          const body = await this.ctx.session.write(`/chats/${this.id}/messages/new`, form, 'POST /chats/:room/messages/new');
          ids.push(parseNewMessage(body));
        }
        return ids;
      },
    });
  }

  /** One POST of a plain message; resolves to its id. */
  private async postText(text: string): Promise<number> {
    return parseNewMessage(await this.ctx.session.write(`/chats/${this.id}/messages/new`, { text }, 'POST /chats/:room/messages/new'));
  }

  /** Edits one of the account's messages (within the server's edit window). */
  edit(messageId: number, text: string): Promise<void> {
    if (typeof text !== 'string' || text.trim().length === 0) return Promise.reject(new ChatInputError('cannot edit to an empty message'));
    return this.action('edit', `/messages/${messageId}`, { text });
  }

  /** Deletes a message ("already deleted" counts as success). */
  delete(messageId: number): Promise<void> {
    return this.action('delete', `/messages/${messageId}/delete`, {}, [/already been deleted/i]);
  }

  /**
   * Sets the account's star on a message (`on`, default true), as ChatExchange's `Message.star(value)`:
   * chat only toggles, so the current state is read first and nothing is posted when it already holds.
   */
  async star(messageId: number, on = true): Promise<void> {
    const d = await fetchMessageDetails(this.ctx.session, messageId);
    if (d.starredByMe === on) return;
    await this.action('star', `/messages/${messageId}/star`, {});
  }

  /**
   * Pins (`on`, default true) or unpins a message; room owners and moderators only. Pinning posts
   * `owner-star` only when the message is not pinned; unpinning posts `unowner-star`.
   */
  async pin(messageId: number, on = true): Promise<void> {
    const d = await fetchMessageDetails(this.ctx.session, messageId);
    if (d.pinned === on) return;
    await this.action(on ? 'pin' : 'unpin', `/messages/${messageId}/${on ? 'owner-star' : 'unowner-star'}`, {});
  }

  /** Removes every star of a message (`unstar`); room owners and moderators only. */
  cancelStars(messageId: number): Promise<void> {
    return this.action('cancel-stars', `/messages/${messageId}/unstar`, {});
  }

  /** Moves messages of this room to another room (`/admin/movePosts`); owners only. Resolves to the number moved. */
  async move(messageIds: readonly number[], toRoomId: number): Promise<number> {
    if (messageIds.length === 0) throw new ChatInputError('move needs at least one message id');
    if (!messageIds.every((id) => Number.isInteger(id) && id > 0) || !Number.isInteger(toRoomId) || toRoomId <= 0) throw new ChatInputError('move needs message ids and a room id');
    if (this.closed) throw new ClientClosedError('the room was left');
    return this.ctx.queue.enqueue({
      roomId: this.id,
      label: `move room ${this.id}`,
      run: async () => {
        const body = await this.ctx.session.write(`/admin/movePosts/${this.id}`, { ids: messageIds.join(','), to: String(toRoomId) }, 'POST /admin/movePosts/:room');
        // chat answers the number of messages moved (sechat compares it with the ids sent)
        const n = Number(body.trim());
        if (body.trim() !== '' && Number.isInteger(n)) return n;
        parseActionResult('move', body);
        return messageIds.length;
      },
    });
  }

  /** The room's info page: counts, parent site, tags, owners, current users. */
  details(): Promise<RoomDetails> {
    return fetchRoomDetails(this.ctx.session, this.id);
  }

  /** A message's details (owner, stars, starred by this account, pinned, parent, edits). */
  message(messageId: number): Promise<MessageDetails> {
    return fetchMessageDetails(this.ctx.session, messageId);
  }

  private action(name: string, path: string, form: Record<string, string>, okSentences: RegExp[] = []): Promise<void> {
    if (this.closed) return Promise.reject(new ClientClosedError('the room was left'));
    return this.ctx.queue.enqueue({
      roomId: this.id,
      label: `${name} room ${this.id}`,
      run: async () => {
        let body: string;
        try {
          body = await this.ctx.session.write(path, form, `POST ${path.replace(/\d+/g, ':id')}`);
        } catch (err) {
          // chat answers 302 for an id it never assigned
          if (err instanceof ChatRequestError && err.status === 302) throw new MessageActionError(name, 'no such message', 'no-such-message');
          throw err;
        }
        parseActionResult(name, body, okSentences);
      },
    });
  }

  /** Leaves the room (`/chats/leave/{room}`); its listeners and iterators end. */
  async leave(): Promise<void> {
    try {
      await this.ctx.session.write(`/chats/leave/${this.id}`, { quiet: 'true' }, 'POST /chats/leave/:room');
    } finally {
      this.ctx.detach(this.id);
    }
  }

  private async getJson(path: string, route: string): Promise<unknown> {
    const res = await this.ctx.session.get(path, route);
    if (res.status === 404) throw roomRefusal(res.body) ?? new RoomAccessError('no-access', `room ${this.id} is not accessible`);
    if (res.status !== 200) throw new ChatRequestError(route, `HTTP ${res.status}`, res.status);
    try {
      return JSON.parse(res.body);
    } catch {
      throw new ChatRequestError(route, 'the answer is not JSON', res.status);
    }
  }

  /** Room owners, scraped from `/rooms/info/{room}`. */
  async owners(): Promise<ChatUser[]> {
    const res = await this.ctx.session.get(`/rooms/info/${this.id}`, 'GET /rooms/info/:room');
    if (res.status === 404) throw new RoomAccessError('no-access', `room ${this.id} is not accessible`);
    if (res.status !== 200) throw new ChatRequestError('GET /rooms/info/:room', `HTTP ${res.status}`, res.status);
    return parseRoomOwners(res.body).map((u) => ({ ...u, isOwner: true }));
  }

  /** Users that can be pinged here (seen recently), from `/rooms/pingable/{room}`. */
  async pingableUsers(): Promise<ChatUser[]> {
    const data = await this.getJson(`/rooms/pingable/${this.id}`, 'GET /rooms/pingable/:room');
    if (!Array.isArray(data)) return [];
    return data.filter((r): r is [number, string] => Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'string').map((r) => ({ id: r[0], name: r[1] }));
  }

  /** Room card (`/rooms/thumbs/{room}`): name, description, tags. */
  async info(): Promise<RoomInfo> {
    const d = (await this.getJson(`/rooms/thumbs/${this.id}`, 'GET /rooms/thumbs/:room')) as Record<string, unknown>;
    const tagsHtml = typeof d.tags === 'string' ? d.tags : '';
    const tags = tagsHtml ? parse(tagsHtml).querySelectorAll('a').map((a) => a.text.trim()) : [];
    const name = typeof d.name === 'string' ? d.name : this.name;
    this.name = name;
    return { id: this.id, name, description: typeof d.description === 'string' ? d.description : '', tags, isFavorite: d.isFavorite === true };
  }

  /** The last `n` messages, oldest first (pages of ≤ 500 through `/chats/{room}/events`). */
  async history(n: number): Promise<MessageEvent[]> {
    if (!Number.isInteger(n) || n < 1) throw new ChatInputError('history(n) needs a positive integer');
    const out: MessageEvent[] = [];
    let before: number | undefined;
    while (out.length < n) {
      const want = Math.min(500, n - out.length);
      const form: Record<string, string> = { since: '0', mode: 'Messages', msgCount: String(want) };
      if (before !== undefined) form.before = String(before);
      const res = await this.ctx.session.read(`/chats/${this.id}/events`, form, 'POST /chats/:room/events');
      if (res.status === 404) throw new RoomAccessError('no-access', `room ${this.id} is not accessible`);
      if (res.status !== 200) throw new ChatRequestError('POST /chats/:room/events', `HTTP ${res.status}`, res.status);
      const page = parseBody(res.body).events.filter((e): e is MessageEvent => e instanceof MessageEvent);
      page.sort((a, b) => a.messageId - b.messageId);
      for (const e of page) this.ctx.bind(e);
      out.unshift(...page.filter((e) => !out.some((o) => o.messageId === e.messageId)));
      if (page.length < want) break;
      before = page[0]!.messageId;
    }
    return out.slice(-n);
  }
}
