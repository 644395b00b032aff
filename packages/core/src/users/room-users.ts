import type { Logger } from 'pino';
import type { Storage } from '../storage/storage.js';
import type { ChatPerson, TransportEvent } from '../transport/chat-transport.js';

/** Someone the bot knows in a room (BotpySE kept these per room). Times are epoch milliseconds; null = never seen. */
export interface RoomUser {
  readonly id: number;
  readonly name: string;
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
  /** When they last posted a message here. */
  readonly lastMessage: number | null;
  /** In the room now (entered and not left), as far as the bot saw. */
  readonly present: boolean;
}

/** Namespace of the room user documents (`users/room-<id>.json` in the JSON-file store). */
export const ROOM_USERS_NAMESPACE = 'users';
const VERSION = 1;
/**
 * How long a change waits before it is written. Each write (temp file, fsync, rename, fsync of the
 * folder) costs the bot ≈ 0.4 ms of CPU; written every second, it was the framework's largest cost
 * per message in a lively room (docs/design/latency.md). A crash loses at most this much of
 * "last seen"; a stop writes everything.
 */
const FLUSH_AFTER_MS = 30_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The users of each room, with first/last seen and last message time: from the room's pingable
 * list at start, user entered/left events and messages. Persisted in the app's Storage (one
 * document per room, written at most every 30 s and on stop), so they survive restarts.
 */
export class RoomUsers {
  private readonly rooms = new Map<number, Map<number, Mutable<RoomUser>>>();
  private readonly dirty = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: Storage | null,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** Only the active instance writes (a standby one keeps its view in memory). */
    private readonly mayWrite: () => boolean = () => true,
  ) {}

  /** Reads the stored users of the rooms (a broken document is logged and starts empty). */
  async load(roomIds: readonly number[]): Promise<void> {
    for (const roomId of roomIds) {
      const map = this.room(roomId);
      if (!this.storage) continue;
      try {
        const doc = await this.storage.read<{ version?: number; users?: unknown }>(ROOM_USERS_NAMESPACE, `room-${roomId}`);
        if (doc === undefined) continue;
        if (!Array.isArray(doc.users)) throw new Error('"users" is not a list');
        for (const u of doc.users as Record<string, unknown>[]) {
          if (!Number.isInteger(u.id)) continue;
          const t = (v: unknown): number | null => (typeof v === 'number' ? v : null);
          map.set(u.id as number, { id: u.id as number, name: typeof u.name === 'string' ? u.name : '', firstSeen: t(u.firstSeen), lastSeen: t(u.lastSeen), lastMessage: t(u.lastMessage), present: false });
        }
      } catch (err) {
        this.logger.warn({ err, roomId }, 'the stored users of the room cannot be read: starting with none');
      }
    }
  }

  /** People seen recently (the pingable list): known from now on, seen now. */
  seed(roomId: number, people: readonly ChatPerson[]): void {
    for (const p of people) this.touch(roomId, p.id, p.name, {});
  }

  /** Feeds one chat event: messages (1), edits (2), entered (3), left (4), kicked. */
  observe(e: TransportEvent): void {
    const ev = e.event as { userId?: number; userName?: string } | undefined;
    if (e.message) {
      const u = e.message.user;
      if (u.id > 0) this.touch(e.roomId, u.id, u.name, e.type === 1 ? { message: e.message.time } : {});
      return;
    }
    const id = ev?.userId;
    if (id === undefined || id <= 0) return;
    if (e.type === 3) this.touch(e.roomId, id, ev?.userName ?? '', { present: true });
    else if (e.type === 4) this.touch(e.roomId, id, ev?.userName ?? '', { present: false });
  }

  /** The users of a room, most recently seen first; `sinceMs` keeps those seen since then. */
  list(roomId: number, o: { sinceMs?: number } = {}): RoomUser[] {
    const all = [...(this.rooms.get(roomId)?.values() ?? [])].map((u) => ({ ...u }));
    const kept = o.sinceMs === undefined ? all : all.filter((u) => u.lastSeen !== null && u.lastSeen >= o.sinceMs!);
    return kept.sort((a, b) => (b.lastSeen ?? -1) - (a.lastSeen ?? -1) || a.id - b.id);
  }

  /** One user of a room, or undefined. */
  get(roomId: number, userId: number): RoomUser | undefined {
    const u = this.rooms.get(roomId)?.get(userId);
    return u ? { ...u } : undefined;
  }

  /** Writes what changed now (also called on stop). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rooms = [...this.dirty];
    this.dirty.clear();
    const storage = this.storage;
    if (!storage || rooms.length === 0) return this.writing;
    if (!this.mayWrite()) {
      for (const r of rooms) this.dirty.add(r);
      return this.writing;
    }
    this.writing = this.writing.then(async () => {
      for (const roomId of rooms) {
        const users = [...(this.rooms.get(roomId)?.values() ?? [])].map(({ present: _p, ...u }) => u);
        try {
          await storage.write(ROOM_USERS_NAMESPACE, `room-${roomId}`, { version: VERSION, users });
        } catch (err) {
          this.logger.warn({ err, roomId }, 'could not save the users of the room');
        }
      }
    });
    return this.writing;
  }

  private room(roomId: number): Map<number, Mutable<RoomUser>> {
    let m = this.rooms.get(roomId);
    if (!m) this.rooms.set(roomId, (m = new Map()));
    return m;
  }

  private touch(roomId: number, id: number, name: string, o: { message?: number; present?: boolean }): void {
    const now = this.now();
    const map = this.room(roomId);
    const u = map.get(id) ?? { id, name, firstSeen: now, lastSeen: now, lastMessage: null, present: false };
    if (name) u.name = name;
    u.firstSeen ??= now;
    u.lastSeen = now;
    if (o.message !== undefined) u.lastMessage = o.message;
    if (o.present !== undefined) u.present = o.present;
    else if (o.message !== undefined) u.present = true;
    map.set(id, u);
    this.dirty.add(roomId);
    if (!this.timer && this.storage) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }
}
