import type { Logger } from 'pino';
import { pingForm } from '../commands/addressing.js';
import { UnknownUserError } from '../errors.js';
import type { ChatPerson, ChatTransport } from '../transport/chat-transport.js';

const OWNERS_TTL_MS = 30_000;

/** People and rooms as data: user references from commands, and room owners (cached). */
export class UserDirectory {
  /** Room owners per room, as the room's info page listed them, kept for OWNERS_TTL_MS. */
  private readonly ownerCache = new Map<number, { ids: Set<number>; at: number }>();

  constructor(private readonly transport: ChatTransport, private readonly logger: Logger) {}

  /**
   * Resolves a user reference from a command — a numeric id, or a display name (spaces and a
   * leading `@` ignored) of someone the room knows — to exactly one person.
   */
  async resolveUser(roomId: number, ref: string): Promise<ChatPerson> {
    const bare = ref.replace(/^@/, '');
    if (/^\d+$/.test(bare)) {
      const id = Number(bare);
      const known = (await this.transport.roomUsers(roomId).catch(() => [])).find((u) => u.id === id);
      if (known) return known;
      const found = await this.transport.user(id).catch(() => null);
      if (!found) throw new UnknownUserError(`no user with id ${id}`);
      return found;
    }
    const wanted = pingForm(bare);
    const matches = (await this.transport.roomUsers(roomId)).filter((u) => pingForm(u.name) === wanted);
    if (matches.length === 0) throw new UnknownUserError(`nobody called "${bare}" is known in this room; use the user id`);
    if (matches.length > 1) throw new UnknownUserError(`several users are called "${bare}" (${matches.map((u) => u.id).join(', ')}); use the user id`);
    return matches[0];
  }

  /** Whether the user owns the room (its info page, read at most every 30 s); false when it cannot be read. */
  async isRoomOwner(roomId: number, userId: number): Promise<boolean> {
    const hit = this.ownerCache.get(roomId);
    if (hit && Date.now() - hit.at < OWNERS_TTL_MS) return hit.ids.has(userId);
    try {
      const owners = await this.transport.roomOwners(roomId);
      const ids = new Set(owners.map((o) => o.id));
      this.ownerCache.set(roomId, { ids, at: Date.now() });
      return ids.has(userId);
    } catch (err) {
      this.logger.warn({ err, roomId }, 'could not read the room owners: refusing the command');
      return false;
    }
  }
}
