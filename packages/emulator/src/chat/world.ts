import { EventEmitter } from 'node:events';
import { EmulatorError } from './emulator-error.js';
import { renderMessage } from './render.js';
import { escapeHtml, pingName, slugify } from './text-util.js';
import { TokenBucket } from './throttle.js';
import type { ChatPolicies, Clock, EmuMessage, EmuRoom, EmuUser, MessageChangeKind, WireEvent } from './types.js';

/** One entry of the server's event log. 8/18 carry the only account they are delivered to. */
export interface StoredEvent {
  id: number;
  roomId: number;
  targetUserId?: number;
  wire: WireEvent;
}

export interface UserState {
  user: EmuUser;
  password?: string;
  reputation: number;
  /** Rooms the account is in: receives their events on its sockets. */
  rooms: Set<number>;
  /** Text of the account's previous message (duplicate refusal). */
  lastSource?: string;
  bucket: TokenBucket;
  lastSeen: number | null;
  lastPost: number | null;
}

interface RoomState {
  room: EmuRoom;
  /** userId → last seen (epoch s) for everybody seen in the room (pingable list). */
  seen: Map<number, number>;
  lastPost: Map<number, number>;
  kickedUntil: Map<number, number>;
  messageIds: number[];
}

interface MessageState extends EmuMessage {
  starrers: Set<number>;
  pinged: Set<number>;
  repliedUser?: number;
  /** For a plain ping of exactly one user: that user's newest message. */
  pingParentId?: number;
  postEventId: number;
  revisions: Revision[];
  pinnedBy?: number;
}

/** One entry of a message's history (GET /messages/{id}/history). */
export interface Revision {
  kind: 'said' | 'edited' | 'deleted';
  userId: number;
  userName: string;
  source: string;
  time: number;
}

export const USER_ENTERED = 3;
const TARGETED_TYPES = new Set([8, 18]);
const PINGABLE_WINDOW_S = 14 * 24 * 3600;
const KICK_SECONDS = 60;

export interface WorldOptions {
  clock: Clock;
  policies: () => ChatPolicies;
}

/**
 * The emulated chat server's state: users, rooms, messages and the global event log. Acting through
 * it as a human produces exactly the events the real server produces (spec §6.3).
 */
export class World {
  private readonly usersById = new Map<number, UserState>();
  private readonly roomsById = new Map<number, RoomState>();
  private readonly messagesById = new Map<number, MessageState>();
  private readonly log: StoredEvent[] = [];
  private nextEventId = 10_000;
  private nextMessageId = 1_000;
  private readonly emitter = new EventEmitter();

  constructor(private readonly opts: WorldOptions) {
    this.emitter.setMaxListeners(0);
  }

  // ---------- users and rooms ----------

  addUser(u: { name: string; id?: number; email?: string; password?: string; moderator?: boolean; reputation?: number; about?: string }): EmuUser {
    if (!u.name || typeof u.name !== 'string') throw new EmulatorError('BAD_USER', 'a user needs a name');
    const id = u.id ?? Math.max(0, ...this.usersById.keys()) + 1;
    if (!Number.isInteger(id)) throw new EmulatorError('BAD_USER', `user id must be an integer: ${String(id)}`);
    if (this.usersById.has(id)) throw new EmulatorError('DUPLICATE_USER', `user ${id} already exists`);
    if (u.email !== undefined && this.userByEmail(u.email)) throw new EmulatorError('DUPLICATE_USER', `a user with that email already exists`);
    const user: EmuUser = { id, name: u.name, moderator: u.moderator ?? false };
    if (u.email !== undefined) user.email = u.email;
    if (u.about !== undefined) user.about = u.about;
    this.usersById.set(id, {
      user,
      password: u.password,
      reputation: u.reputation ?? 1000,
      rooms: new Set(),
      bucket: new TokenBucket(),
      lastSeen: null,
      lastPost: null,
    });
    return { ...user };
  }

  addRoom(r: { name: string; id?: number; description?: string; owners?: number[]; tags?: string[] }): EmuRoom {
    if (!r.name || typeof r.name !== 'string') throw new EmulatorError('BAD_ROOM', 'a room needs a name');
    const id = r.id ?? Math.max(0, ...this.roomsById.keys()) + 1;
    if (!Number.isInteger(id) || id <= 0) throw new EmulatorError('BAD_ROOM', `room id must be a positive integer: ${String(id)}`);
    if (this.roomsById.has(id)) throw new EmulatorError('DUPLICATE_ROOM', `room ${id} already exists`);
    const owners = [...(r.owners ?? [])];
    for (const o of owners) this.requireUser(o);
    const room: EmuRoom = { id, name: r.name, description: r.description ?? '', owners };
    if (r.tags !== undefined) room.tags = [...r.tags];
    const state: RoomState = { room, seen: new Map(), lastPost: new Map(), kickedUntil: new Map(), messageIds: [] };
    this.roomsById.set(id, state);
    // owners start present in their room (initial state, no events)
    for (const o of owners) this.markPresent(o, id);
    return { ...room, owners: [...owners] };
  }

  user(id: number): EmuUser | undefined {
    const u = this.usersById.get(id)?.user;
    return u ? { ...u } : undefined;
  }

  room(id: number): EmuRoom | undefined {
    const r = this.roomsById.get(id)?.room;
    return r ? { ...r, owners: [...r.owners] } : undefined;
  }

  userByEmail(email: string): EmuUser | undefined {
    const want = email.trim().toLowerCase();
    for (const s of this.usersById.values()) if (s.user.email?.toLowerCase() === want) return { ...s.user };
    return undefined;
  }

  users(): EmuUser[] {
    return [...this.usersById.values()].map((s) => ({ ...s.user }));
  }

  rooms(): EmuRoom[] {
    return [...this.roomsById.values()].map((s) => ({ ...s.room, owners: [...s.room.owners] }));
  }

  /** Renames an account (later messages carry the new name; `botpy dev` names the bot account after the app). */
  renameUser(userId: number, name: string): EmuUser {
    const u = this.requireUser(userId);
    if (typeof name !== 'string' || name.trim().length === 0) throw new EmulatorError('BAD_USER', 'a user needs a name');
    u.user.name = name;
    return { ...u.user };
  }

  setOwner(roomId: number, userId: number, owner: boolean): void {
    const r = this.requireRoom(roomId);
    this.requireUser(userId);
    const has = r.room.owners.includes(userId);
    if (owner && !has) r.room.owners.push(userId);
    if (!owner && has) r.room.owners = r.room.owners.filter((o) => o !== userId);
  }

  /**
   * A room owner (or the system, without `byUserId`) changes a user's access: the owners list
   * changes and the room gets an access-change event (15, "Access now owner" / "Access now read-write").
   */
  setAccess(roomId: number, userId: number, access: 'owner' | 'read-write', byUserId?: number): void {
    const r = this.requireRoom(roomId);
    const u = this.requireUser(userId);
    const by = byUserId === undefined ? u : this.requireUser(byUserId);
    this.setOwner(roomId, userId, access === 'owner');
    this.emit([
      { event_type: 15, time_stamp: this.nowSec(), content: `Access now ${access}`, id: 0, user_id: by.user.id, target_user_id: userId, user_name: by.user.name, room_id: r.room.id, room_name: r.room.name },
    ]);
  }

  /**
   * Moves messages of `fromRoomId` to `toRoomId` (spec §6.3): one 19 per message and a notice in the
   * source, one 20 per message and a notice in the destination. Ids not in the source room (or
   * deleted) are skipped. Returns the number moved.
   */
  moveMessages(moverId: number, fromRoomId: number, ids: readonly number[], toRoomId: number): number {
    const mover = this.requireUser(moverId);
    const from = this.requireRoom(fromRoomId);
    const to = this.requireRoom(toRoomId);
    const moved = ids.map((id) => this.messagesById.get(id)).filter((m): m is MessageState => m !== undefined && m.roomId === fromRoomId && !m.deleted && fromRoomId !== toRoomId);
    if (moved.length === 0) return 0;
    const movedIds = new Set(moved.map((m) => m.id));
    from.messageIds = from.messageIds.filter((id) => !movedIds.has(id));
    const out: WireEvent[] = [];
    for (const m of moved) out.push({ ...this.messageEvent(19, m, mover.user), moved: true });
    for (const m of moved) m.roomId = toRoomId;
    to.messageIds = [...to.messageIds, ...movedIds].sort((a, b) => a - b);
    const first = moved[0]!.id;
    const n = `${moved.length} message${moved.length === 1 ? '' : 's'}`;
    const slug = (room: EmuRoom): string => `/rooms/${room.id}/${slugify(room.name)}`;
    const outNotice = this.createNotice(mover, from, `&rarr; <i><a href="/transcript/message/${first}#${first}">${n}</a> moved to <a href="${slug(to.room)}">${escapeHtml(to.room.name)}</a></i>`);
    out.push(this.messageEvent(1, outNotice, mover.user));
    for (const m of moved) out.push({ ...this.messageEvent(20, m, mover.user), moved: true });
    const inNotice = this.createNotice(mover, to, `&larr; <i>${n} moved from <a href="${slug(from.room)}">${escapeHtml(from.room.name)}</a></i>`);
    out.push(this.messageEvent(1, inNotice, mover.user));
    this.emit(out);
    outNotice.postEventId = out.find((e) => e.event_type === 1 && e.message_id === outNotice.id)!.id;
    inNotice.postEventId = out.find((e) => e.event_type === 1 && e.message_id === inNotice.id)!.id;
    this.emitter.emit('message', this.snapshot(outNotice), 'posted');
    this.emitter.emit('message', this.snapshot(inNotice), 'posted');
    return moved.length;
  }

  /** @internal who starred a message. */
  starredBy(messageId: number): number[] {
    return [...(this.messagesById.get(messageId)?.starrers ?? [])];
  }

  /** Makes `userId` present in `roomId` without any event (initial world state). */
  markPresent(userId: number, roomId: number): void {
    const u = this.requireUser(userId);
    const r = this.requireRoom(roomId);
    u.rooms.add(roomId);
    r.seen.set(userId, this.nowSec());
  }

  // ---------- acting as a human ----------

  post(userId: number, roomId: number, text: string, o: { parentId?: number } = {}): EmuMessage {
    this.requireUser(userId);
    this.requireRoom(roomId);
    if (typeof text !== 'string' || text.length === 0) throw new EmulatorError('BAD_MESSAGE', 'message text must be a non-empty string');
    return this.createMessage(userId, roomId, text, o.parentId);
  }

  edit(userId: number, messageId: number, text: string): EmuMessage {
    this.requireUser(userId);
    const m = this.requireMessage(messageId);
    if (m.deleted) throw new EmulatorError('DELETED', `message ${messageId} is deleted`);
    if (typeof text !== 'string' || text.length === 0) throw new EmulatorError('BAD_MESSAGE', 'message text must be a non-empty string');
    return this.editMessage(userId, messageId, text);
  }

  delete(userId: number, messageId: number): void {
    this.requireUser(userId);
    const m = this.requireMessage(messageId);
    if (m.deleted) return;
    this.deleteMessage(userId, messageId);
  }

  star(userId: number, messageId: number): void {
    this.requireUser(userId);
    this.requireMessage(messageId);
    this.toggleStar(userId, messageId);
  }

  pin(userId: number, messageId: number): void {
    this.requireUser(userId);
    this.requireMessage(messageId);
    this.setPinned(messageId, !this.requireMessage(messageId).pinned, userId);
  }

  enter(userId: number, roomId: number): void {
    const u = this.requireUser(userId);
    const r = this.requireRoom(roomId);
    r.seen.set(userId, this.nowSec());
    u.lastSeen = this.nowSec();
    if (u.rooms.has(roomId)) return;
    u.rooms.add(roomId);
    this.emit([this.presenceEvent(3, u.user, r.room)]);
  }

  leave(userId: number, roomId: number): void {
    const u = this.requireUser(userId);
    const r = this.requireRoom(roomId);
    if (!u.rooms.has(roomId)) return;
    // the 4 must still reach the leaving account's sockets: emit before removing the room
    this.emit([this.presenceEvent(4, u.user, r.room)]);
    u.rooms.delete(roomId);
  }

  kick(ownerId: number, userId: number, roomId: number): void {
    const owner = this.requireUser(ownerId);
    const u = this.requireUser(userId);
    const r = this.requireRoom(roomId);
    r.kickedUntil.set(userId, this.nowSec() + KICK_SECONDS);
    const access: WireEvent = {
      event_type: 15,
      time_stamp: this.nowSec(),
      content: 'Access now kicked',
      id: 0,
      user_id: owner.user.id,
      target_user_id: u.user.id,
      user_name: owner.user.name,
      room_id: r.room.id,
      room_name: r.room.name,
    };
    this.emit([this.presenceEvent(4, u.user, r.room), access]);
    u.rooms.delete(roomId);
  }

  transcript(roomId: number): EmuMessage[] {
    const r = this.requireRoom(roomId);
    return r.messageIds.map((id) => this.snapshot(this.messagesById.get(id)!));
  }

  message(id: number): EmuMessage | undefined {
    const m = this.messagesById.get(id);
    return m ? this.snapshot(m) : undefined;
  }

  on(ev: 'message', fn: (m: EmuMessage, kind: MessageChangeKind) => void): () => void {
    this.emitter.on(ev, fn);
    return () => this.emitter.off(ev, fn);
  }

  /**
   * Resolves with the newest existing message matching `pred`, or else the next posted/edited one.
   * Rejects after `timeoutMs` (default 5000).
   */
  waitForMessage(pred: (m: EmuMessage) => boolean, timeoutMs = 5000): Promise<EmuMessage> {
    for (const m of [...this.messagesById.values()].reverse()) {
      const s = this.snapshot(m);
      if (!s.deleted && pred(s)) return Promise.resolve(s);
    }
    return new Promise((resolve, reject) => {
      const off = this.on('message', (m, kind) => {
        if (kind === 'deleted' || !pred(m)) return;
        clearTimeout(timer);
        off();
        resolve(m);
      });
      const timer = setTimeout(() => {
        off();
        reject(new EmulatorError('TIMEOUT', `no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  // ---------- used by the HTTP/socket layers ----------

  /** @internal */ onEvents(fn: (batch: StoredEvent[]) => void): () => void {
    this.emitter.on('events', fn);
    return () => this.emitter.off('events', fn);
  }

  /** @internal */ userState(id: number): UserState | undefined {
    return this.usersById.get(id);
  }

  /** @internal */ checkPassword(email: string, password: string): EmuUser | undefined {
    const u = this.userByEmail(email);
    if (!u) return undefined;
    const s = this.usersById.get(u.id)!;
    return s.password !== undefined && s.password === password ? u : undefined;
  }

  /** @internal */ hasMessageId(id: number): boolean {
    return this.messagesById.has(id);
  }

  /** @internal */ isOwner(roomId: number, userId: number): boolean {
    return this.roomsById.get(roomId)?.room.owners.includes(userId) ?? false;
  }

  /** @internal */ kickedFor(roomId: number, userId: number): number {
    const until = this.roomsById.get(roomId)?.kickedUntil.get(userId) ?? 0;
    return Math.max(0, until - this.nowSec());
  }

  /** @internal */ latestEventId(): number {
    return this.nextEventId - 1;
  }

  /** @internal */ eventsAfter(cursor: number, limit = 1000): StoredEvent[] {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid]!.id <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return this.log.slice(Math.max(lo, this.log.length - limit));
  }

  /** @internal */ history(messageId: number): { revisions: Revision[]; pinnedBy?: number } | undefined {
    const m = this.messagesById.get(messageId);
    if (!m) return undefined;
    return m.pinnedBy === undefined ? { revisions: m.revisions.map((r) => ({ ...r })) } : { revisions: m.revisions.map((r) => ({ ...r })), pinnedBy: m.pinnedBy };
  }

  /** @internal */ postEventId(messageId: number): number {
    return this.messagesById.get(messageId)?.postEventId ?? 0;
  }

  /** @internal */ seenInRoom(roomId: number): { userId: number; seen: number; lastPost: number }[] {
    const r = this.roomsById.get(roomId);
    if (!r) return [];
    const cutoff = this.nowSec() - PINGABLE_WINDOW_S;
    return [...r.seen.entries()]
      .filter(([, t]) => t >= cutoff)
      .map(([userId, seen]) => ({ userId, seen, lastPost: r.lastPost.get(userId) ?? 0 }));
  }

  /** @internal */ presentUsers(roomId: number): number[] {
    return [...this.usersById.values()].filter((u) => u.rooms.has(roomId)).map((u) => u.user.id);
  }

  /** @internal */ messageEventFor(messageId: number): WireEvent | undefined {
    const m = this.messagesById.get(messageId);
    if (!m) return undefined;
    const author = this.usersById.get(m.userId)!.user;
    const ev = this.messageEvent(1, m, author);
    ev.id = m.postEventId;
    ev.time_stamp = m.time;
    return ev;
  }

  /** @internal */ createMessage(userId: number, roomId: number, typed: string, parentField?: number): EmuMessage {
    const u = this.requireUser(userId);
    const r = this.requireRoom(roomId);
    const { text, parentId } = this.parseReply(typed, parentField);
    const now = this.nowSec();
    const id = this.nextMessageId++;
    const m: MessageState = {
      id,
      roomId,
      userId,
      userName: u.user.name,
      text,
      source: typed,
      html: '',
      time: now,
      edits: 0,
      stars: 0,
      pinned: false,
      deleted: false,
      starrers: new Set(),
      pinged: new Set(),
      postEventId: 0,
      revisions: [{ kind: 'said', userId, userName: u.user.name, source: typed, time: now }],
    };
    if (parentId !== undefined) m.parentId = parentId;
    m.html = this.render(m);
    this.messagesById.set(id, m);
    r.messageIds.push(id);
    r.lastPost.set(userId, now);
    r.seen.set(userId, now);
    u.lastPost = now;
    u.lastSeen = now;
    u.lastSource = typed;
    const wasIn = u.rooms.has(roomId);
    u.rooms.add(roomId);
    const events: WireEvent[] = [];
    if (!wasIn) events.push(this.presenceEvent(3, u.user, r.room));
    events.push(...this.notifications(m, u.user, new Set(), undefined));
    const posted = this.messageEvent(1, m, u.user);
    events.push(posted);
    this.emit(events);
    m.postEventId = posted.id;
    this.emitter.emit('message', this.snapshot(m), 'posted');
    return this.snapshot(m);
  }

  /** @internal */ editMessage(editorId: number, messageId: number, typed: string, parentField?: number): EmuMessage {
    const editor = this.requireUser(editorId);
    const m = this.requireMessage(messageId);
    const keepField = parentField === undefined && m.parentId !== undefined && !/^:\d+/.test(m.source) ? m.parentId : parentField;
    const { text, parentId } = this.parseReply(typed, keepField);
    const prevPinged = new Set(m.pinged);
    const prevReplied = m.repliedUser;
    m.text = text;
    m.source = typed;
    if (parentId === undefined) delete m.parentId;
    else m.parentId = parentId;
    m.edits += 1;
    m.revisions.push({ kind: 'edited', userId: editorId, userName: editor.user.name, source: typed, time: this.nowSec() });
    m.html = this.render(m);
    m.pinged = new Set();
    delete m.repliedUser;
    const events = this.notifications(m, this.usersById.get(m.userId)!.user, prevPinged, prevReplied);
    const ev = this.messageEvent(2, m, editor.user);
    if (editorId !== m.userId) ev.target_user_id = m.userId;
    events.push(ev);
    this.emit(events);
    this.emitter.emit('message', this.snapshot(m), 'edited');
    return this.snapshot(m);
  }

  /** @internal */ deleteMessage(deleterId: number, messageId: number): void {
    const deleter = this.requireUser(deleterId);
    const m = this.requireMessage(messageId);
    m.deleted = true;
    m.revisions.push({ kind: 'deleted', userId: deleterId, userName: deleter.user.name, source: m.source, time: this.nowSec() });
    const ev = this.messageEvent(10, m, deleter.user);
    delete ev.content;
    delete ev.message_stars;
    delete ev.message_owner_stars;
    delete ev.parent_id;
    delete ev.show_parent;
    if (deleterId !== m.userId) ev.target_user_id = m.userId;
    this.emit([ev]);
    this.emitter.emit('message', this.snapshot(m), 'deleted');
  }

  /** @internal */ toggleStar(userId: number, messageId: number): void {
    const m = this.requireMessage(messageId);
    if (m.starrers.has(userId)) m.starrers.delete(userId);
    else m.starrers.add(userId);
    m.stars = m.starrers.size;
    this.emit([this.starEvent(m)]);
  }

  /** @internal */ clearStars(messageId: number): void {
    const m = this.requireMessage(messageId);
    m.starrers.clear();
    m.stars = 0;
    this.emit([this.starEvent(m)]);
  }

  /** @internal */ setPinned(messageId: number, pinned: boolean, byUserId?: number): void {
    const m = this.requireMessage(messageId);
    m.pinned = pinned;
    if (pinned && byUserId !== undefined) m.pinnedBy = byUserId;
    if (!pinned) delete m.pinnedBy;
    this.emit([this.starEvent(m)]);
  }

  // ---------- internals ----------

  /** A system-rendered message (a move notice) posted by `author`: stored, not yet emitted. */
  private createNotice(author: UserState, r: RoomState, html: string): MessageState {
    const now = this.nowSec();
    const m: MessageState = {
      id: this.nextMessageId++, roomId: r.room.id, userId: author.user.id, userName: author.user.name, text: html.replace(/<[^>]+>/g, ''), source: html, html, time: now,
      edits: 0, stars: 0, pinned: false, deleted: false, starrers: new Set(), pinged: new Set(), postEventId: 0,
      revisions: [{ kind: 'said', userId: author.user.id, userName: author.user.name, source: html, time: now }],
    };
    this.messagesById.set(m.id, m);
    r.messageIds.push(m.id);
    return m;
  }

  private nowSec(): number {
    return Math.floor(this.opts.clock.now() / 1000);
  }

  private requireUser(id: number): UserState {
    const u = this.usersById.get(id);
    if (!u) throw new EmulatorError('NO_SUCH_USER', `no user ${id}`);
    return u;
  }

  private requireRoom(id: number): RoomState {
    const r = this.roomsById.get(id);
    if (!r) throw new EmulatorError('NO_SUCH_ROOM', `no room ${id}`);
    return r;
  }

  private requireMessage(id: number): MessageState {
    const m = this.messagesById.get(id);
    if (!m) throw new EmulatorError('NO_SUCH_MESSAGE', `no message ${id}`);
    return m;
  }

  private parseReply(typed: string, parentField?: number): { text: string; parentId?: number } {
    const match = /^:(\d+)(?: |$)/.exec(typed);
    if (match) {
      const pid = Number(match[1]);
      if (this.messagesById.has(pid)) return { text: typed.slice(match[0].length), parentId: pid };
    }
    if (parentField !== undefined && this.messagesById.has(parentField)) return { text: typed, parentId: parentField };
    return { text: typed };
  }

  private render(m: MessageState): string {
    const parent = m.parentId === undefined ? undefined : this.messagesById.get(m.parentId);
    const parentName = parent ? this.usersById.get(parent.userId)?.user.name : undefined;
    return renderMessage(m.text, parentName, this.opts.policies().partialAfterChars);
  }

  /** Computes 18 (reply) and 8 (pings) events for `m`, skipping accounts already notified. */
  private notifications(m: MessageState, author: EmuUser, prevPinged: Set<number>, prevReplied: number | undefined): WireEvent[] {
    const out: WireEvent[] = [];
    const parent = m.parentId === undefined ? undefined : this.messagesById.get(m.parentId);
    if (parent && parent.userId !== author.id) {
      m.repliedUser = parent.userId;
      if (prevReplied !== parent.userId) {
        const ev = this.messageEvent(18, m, author);
        ev.target_user_id = parent.userId;
        out.push(ev);
      }
    }
    const pinged = this.pingedUsers(m.roomId, m.text, author.id);
    if (m.repliedUser !== undefined) pinged.delete(m.repliedUser);
    m.pinged = pinged;
    if (!parent && pinged.size === 1) {
      // a plain ping of exactly one user points at that user's newest message
      const [only] = [...pinged];
      const r = this.roomsById.get(m.roomId)!;
      for (let i = r.messageIds.length - 1; i >= 0; i--) {
        const other = this.messagesById.get(r.messageIds[i]!)!;
        if (other.userId === only && !other.deleted && other.id !== m.id) {
          m.pingParentId = other.id;
          break;
        }
      }
    } else delete m.pingParentId;
    for (const target of pinged) {
      if (prevPinged.has(target)) continue;
      const ev = this.messageEvent(8, m, author);
      ev.target_user_id = target;
      out.push(ev);
    }
    return out;
  }

  private pingedUsers(roomId: number, text: string, authorId: number): Set<number> {
    const min = this.opts.policies().pingPrefixMin;
    const result = new Set<number>();
    const candidates = this.seenInRoom(roomId).map((s) => this.usersById.get(s.userId)!.user);
    for (const match of text.matchAll(/@([^\s@]+)/gu)) {
      const token = match[1]!.replace(/[^\p{L}\p{N}]+$/u, '').toLowerCase();
      if (token.length < min) continue;
      for (const c of candidates) {
        if (c.id !== authorId && pingName(c.name).toLowerCase().startsWith(token)) result.add(c.id);
      }
    }
    return result;
  }

  private messageEvent(type: number, m: MessageState, actor: EmuUser): WireEvent {
    const room = this.roomsById.get(m.roomId)!.room;
    const ev: WireEvent = { event_type: type, time_stamp: this.nowSec(), content: m.html, id: 0, user_id: actor.id, user_name: actor.name, room_id: room.id, room_name: room.name, message_id: m.id };
    if (m.edits > 0) ev.message_edits = m.edits;
    if (m.stars > 0) ev.message_stars = m.stars;
    if (m.pinned) ev.message_owner_stars = 1;
    if (m.parentId !== undefined) {
      ev.parent_id = m.parentId;
      ev.show_parent = true;
    } else if (m.pingParentId !== undefined) ev.parent_id = m.pingParentId;
    return ev;
  }

  private starEvent(m: MessageState): WireEvent {
    const room = this.roomsById.get(m.roomId)!.room;
    const ev: WireEvent = { event_type: 6, time_stamp: this.nowSec(), content: m.html, id: 0, room_id: room.id, room_name: room.name, message_id: m.id };
    if (m.stars > 0) ev.message_stars = m.stars;
    if (m.pinned) ev.message_owner_stars = 1;
    return ev;
  }

  private presenceEvent(type: 3 | 4, u: EmuUser, room: EmuRoom): WireEvent {
    return { event_type: type, time_stamp: this.nowSec(), id: 0, user_id: u.id, target_user_id: u.id, user_name: u.name, room_id: room.id, room_name: room.name };
  }

  /** Assigns ids, appends to the log and hands the batch (one frame's worth) to listeners. */
  private emit(events: WireEvent[]): void {
    const batch: StoredEvent[] = events.map((wire) => {
      wire.id = this.nextEventId++;
      const stored: StoredEvent = { id: wire.id, roomId: Number(wire.room_id), wire };
      if (TARGETED_TYPES.has(wire.event_type)) stored.targetUserId = Number(wire.target_user_id);
      return stored;
    });
    this.log.push(...batch);
    this.emitter.emit('events', batch);
  }

  private snapshot(m: MessageState): EmuMessage {
    const s: EmuMessage = {
      id: m.id,
      roomId: m.roomId,
      userId: m.userId,
      userName: m.userName,
      text: m.text,
      source: m.source,
      html: m.html,
      time: m.time,
      edits: m.edits,
      stars: m.stars,
      pinned: m.pinned,
      deleted: m.deleted,
    };
    if (m.parentId !== undefined) s.parentId = m.parentId;
    return s;
  }
}
