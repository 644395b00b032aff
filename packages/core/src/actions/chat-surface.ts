import type { Logger } from 'pino';
import type { PrivilegeService } from '../privileges/privilege-service.js';
import type { Storage } from '../storage/storage.js';
import type { ChatTransport } from '../transport/chat-transport.js';
import { LiveRoomOwners } from '../users/live-room-owners.js';
import { RoomUsers, type RoomUser } from '../users/room-users.js';
import { ChatActions } from './chat-actions.js';
import type { OwnMessageLog } from './own-message-log.js';

export interface ChatSurfaceDeps {
  transport: ChatTransport;
  privileges: PrivilegeService;
  storage: Storage | null;
  own: OwnMessageLog;
  logger: Logger;
  rooms: readonly number[];
  /** `roomOwnersMax`: true = every configured room, a list = those rooms, false = none. */
  roomOwnersMax: boolean | readonly number[];
  /** May this instance write (owner grants, room users)? Also true while taking over: failover reloads before the role flips. */
  active?: () => boolean;
}

/**
 * The chat surface of the application beyond posting: actions (`app.chat`), the users of each room
 * (`app.users(roomId)`) and the rooms' current owners behind `roomOwnersMax`. The lifecycle calls
 * `started()` once the transport is connected and `stopping()` before it closes.
 */
export class ChatSurface {
  readonly actions: ChatActions;
  readonly users: RoomUsers;
  readonly owners: LiveRoomOwners;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly d: ChatSurfaceDeps) {
    this.actions = new ChatActions({ transport: d.transport, own: d.own });
    const active = d.active ?? (() => true);
    this.users = new RoomUsers(d.storage, d.logger, Date.now, active);
    this.owners = new LiveRoomOwners(d.transport, d.privileges, d.logger, Date.now, active);
  }

  /** Rooms whose owners get the top level. */
  get ownerRooms(): readonly number[] {
    const o = this.d.roomOwnersMax;
    return o === true ? this.d.rooms : o === false ? [] : o;
  }

  /** Loads the stored room users, seeds them from the pingable lists, follows the owners. Never throws. */
  async started(): Promise<void> {
    const rooms = new Set(this.d.rooms);
    this.unsubscribe?.();
    this.unsubscribe = this.d.transport.onEvent((e) => {
      if (!rooms.has(e.roomId)) return;
      this.users.observe(e);
      this.owners.observe(e);
    });
    await this.users.load(this.d.rooms);
    for (const roomId of this.d.rooms) {
      try {
        this.users.seed(roomId, await this.d.transport.roomUsers(roomId));
      } catch (err) {
        this.d.logger.warn({ err, roomId }, 'could not read who was in the room recently');
      }
    }
  }

  /** Gives the owners of the rooms (default: the `roomOwnersMax` rooms) the top level and keeps following them. */
  followOwners(roomIds: readonly number[] = this.ownerRooms): Promise<void> {
    return this.owners.follow(roomIds);
  }

  /** Reads the followed rooms' owners again (after a failover: what changed on standby). Never throws. */
  async refreshOwners(): Promise<void> {
    await this.owners.refreshAll().catch((err: unknown) => this.d.logger.warn({ err }, 'could not read the room owners'));
  }

  /** The users of a room, most recently seen first (`sinceMs`: only those seen since then). */
  list(roomId: number, o: { sinceMs?: number } = {}): RoomUser[] {
    return this.users.list(roomId, o);
  }

  /** Stops listening and writes the room users. */
  async stopping(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.users.flush();
  }
}
