import type { Logger } from 'pino';
import type { PrivilegeService } from '../privileges/privilege-service.js';
import type { ChatPerson, ChatTransport, TransportEvent } from '../transport/chat-transport.js';

/** Event 15: a user's access to the room changed (made owner, made read-write, kicked, …). */
const ACCESS_CHANGED = 15;
/** How long an owner list read from the room's info page is trusted. */
export const OWNERS_TTL_MS = 5 * 60_000;

/**
 * `roomOwnersMax` kept current: the rooms' owners are read from the room info page (cached for
 * OWNERS_TTL_MS, read again on an access-change event of the room), and the top level follows
 * them. Grants made this way are marked `viaOwnership`: when the person is no longer an owner the
 * grant is revoked (or the explicit level it had replaced comes back). A grant made explicitly
 * (`privilege` command, `app.privileges.grant`) carries no mark and survives a demotion.
 */
export class LiveRoomOwners {
  private readonly owners = new Map<number, { ids: Set<number>; at: number }>();
  private readonly pending = new Map<number, Promise<void>>();
  private rooms = new Set<number>();

  constructor(
    private readonly transport: ChatTransport,
    private readonly privileges: PrivilegeService,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** Grants change only on the active instance (a standby one reads the owners, changes nothing). */
    private readonly mayWrite: () => boolean = () => true,
  ) {}

  /** Rooms whose owners get the top level (from then on, kept current). Reads their owners now. */
  async follow(roomIds: readonly number[]): Promise<void> {
    for (const id of roomIds) this.rooms.add(id);
    for (const id of roomIds) await this.refresh(id);
  }

  /** Reads every followed room's owners again. */
  async refreshAll(): Promise<void> {
    for (const id of this.rooms) await this.refresh(id);
  }

  /** The owners as last read (reads them when older than the TTL); false when they cannot be read. */
  async isOwner(roomId: number, userId: number): Promise<boolean> {
    const hit = this.owners.get(roomId);
    if (!hit || this.now() - hit.at >= OWNERS_TTL_MS) await this.refresh(roomId).catch(() => undefined);
    return this.owners.get(roomId)?.ids.has(userId) ?? false;
  }

  /** Feeds chat events: an access change in a followed room reads its owners again. */
  observe(e: TransportEvent): void {
    if (e.type === ACCESS_CHANGED && this.rooms.has(e.roomId)) {
      void this.refresh(e.roomId).catch((err: unknown) => this.logger.warn({ err, roomId: e.roomId }, 'could not read the room owners after an access change'));
    }
  }

  /** Reads the room's owners and brings the implied grants in line (one read per room at a time). */
  refresh(roomId: number): Promise<void> {
    const running = this.pending.get(roomId);
    if (running) return running;
    const p = this.read(roomId).finally(() => this.pending.delete(roomId));
    this.pending.set(roomId, p);
    return p;
  }

  private async read(roomId: number): Promise<void> {
    let list: ChatPerson[];
    try {
      list = await this.transport.roomOwners(roomId);
    } catch (err) {
      this.logger.warn({ err, roomId }, 'could not read the room owners');
      throw err;
    }
    this.owners.set(roomId, { ids: new Set(list.map((o) => o.id)), at: this.now() });
    if (this.rooms.has(roomId) && this.mayWrite()) await this.sync(roomId, list);
  }

  private async sync(roomId: number, owners: readonly ChatPerson[]): Promise<void> {
    const top = this.privileges.findLevel(this.privileges.topLevel);
    if (!top) return;
    const ids = new Set(owners.map((o) => o.id));
    for (const o of owners) {
      if (this.privileges.levelOf(roomId, o.id) >= top.level) continue;
      await this.privileges.grantViaOwnership(roomId, o, top.level);
      this.logger.info({ roomId, userId: o.id }, `room owner ${o.name} granted ${top.name}`);
    }
    for (const g of this.privileges.list(roomId)) {
      if (!g.viaOwnership || ids.has(g.userId)) continue;
      await this.privileges.dropOwnershipGrant(roomId, g.userId);
      this.logger.info({ roomId, userId: g.userId }, `${g.userName || g.userId} is no longer a room owner: the level it implied is withdrawn`);
    }
  }
}
