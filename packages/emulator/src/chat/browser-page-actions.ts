import { EmulatorError } from './emulator-error.js';
import type { ChatPolicies, Clock, EmuMessage } from './types.js';
import type { World } from './world.js';

/**
 * What a person does on the browser page, under the rules chat enforces for the same action
 * (spec §7): the single-line length limit, editing and deleting one's own messages within the
 * edit window, pinning for room owners and moderators. A refusal is an EmulatorError whose message
 * says what chat would say and how to get it done.
 */
export class BrowserPageActions {
  constructor(
    private readonly world: World,
    private readonly policies: () => ChatPolicies,
    private readonly clock: Clock,
  ) {}

  /** Refuses text chat would refuse for its length. */
  checkLength(text: string): void {
    const p = this.policies();
    if (!text.includes('\n') && text.length > p.singleLineLimit) {
      throw new EmulatorError(
        'TOO_LONG',
        `Single-line messages are limited to ${p.singleLineLimit} characters (this one has ${text.length}); add a line break to send it as a multi-line message.`,
      );
    }
    if (text.includes('\n') && text.length > p.multiLineLimit) {
      throw new EmulatorError('TOO_LONG', `Multi-line messages are limited to ${p.multiLineLimit} characters here (this one has ${text.length}).`);
    }
  }

  post(userId: number, roomId: number, text: string, parentId?: number): EmuMessage {
    this.checkLength(text);
    return this.world.post(userId, roomId, text, parentId === undefined ? {} : { parentId });
  }

  edit(userId: number, messageId: number, text: string): EmuMessage {
    const m = this.message(messageId);
    if (m.deleted) throw new EmulatorError('DELETED', 'This message has already been deleted and cannot be edited.');
    if (m.userId !== userId) throw new EmulatorError('NOT_OWN', 'You can only edit your own messages.');
    if (this.age(m) > this.policies().editWindowSeconds) {
      throw new EmulatorError('TOO_LATE', `It is too late to edit this message (messages can be edited for ${this.policies().editWindowSeconds} s).`);
    }
    this.checkLength(text);
    return this.world.edit(userId, messageId, text);
  }

  delete(userId: number, messageId: number): EmuMessage {
    const m = this.message(messageId);
    if (m.deleted) throw new EmulatorError('DELETED', 'This message has already been deleted.');
    const mod = this.canModerate(m.roomId, userId);
    if (m.userId !== userId && !mod) throw new EmulatorError('NOT_OWN', 'You can only delete your own messages (room owners and moderators can delete any).');
    if (!mod && this.age(m) > this.policies().editWindowSeconds) {
      throw new EmulatorError('TOO_LATE', `It is too late to delete this message (messages can be deleted for ${this.policies().editWindowSeconds} s).`);
    }
    this.world.delete(userId, messageId);
    return this.message(messageId);
  }

  star(userId: number, messageId: number): EmuMessage {
    if (this.message(messageId).deleted) throw new EmulatorError('DELETED', 'This message has been deleted.');
    this.world.star(userId, messageId);
    return this.message(messageId);
  }

  /** Pins or unpins (toggles) a message: room owners and moderators only. */
  pin(userId: number, messageId: number): EmuMessage {
    const m = this.message(messageId);
    if (m.deleted) throw new EmulatorError('DELETED', 'This message has been deleted.');
    if (!this.canModerate(m.roomId, userId)) throw new EmulatorError('NOT_OWNER', 'Only room owners can pin messages.');
    this.world.pin(userId, messageId);
    return this.message(messageId);
  }

  /** The people present in a room, owners first. */
  roomUsers(roomId: number): { id: number; name: string; moderator: boolean; owner: boolean }[] {
    const room = this.world.room(roomId);
    if (!room) throw new EmulatorError('NO_SUCH_ROOM', `no room ${roomId}`);
    return this.world
      .presentUsers(roomId)
      .map((id) => this.world.user(id)!)
      .map((u) => ({ id: u.id, name: u.name, moderator: u.moderator, owner: room.owners.includes(u.id) }))
      .sort((a, b) => Number(b.owner) - Number(a.owner) || a.name.localeCompare(b.name));
  }

  private canModerate(roomId: number, userId: number): boolean {
    return this.world.isOwner(roomId, userId) || (this.world.user(userId)?.moderator ?? false);
  }

  private age(m: EmuMessage): number {
    return Math.floor(this.clock.now() / 1000) - m.time;
  }

  private message(id: number): EmuMessage {
    const m = this.world.message(id);
    if (!m) throw new EmulatorError('NO_SUCH_MESSAGE', `no message ${id}`);
    return m;
  }
}
