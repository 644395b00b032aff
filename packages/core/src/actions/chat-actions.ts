import type { ChatMessageDetails, ChatRoomDetails, ChatTransport, ChatUserDetails, IncomingMessage } from '../transport/chat-transport.js';
import { requireCapability } from '../transport/require-capability.js';
import { ChatActionError } from './chat-action-error.js';
import type { OwnMessage, OwnMessageLog } from './own-message-log.js';

/** Chat's window for editing and deleting one's own messages. */
export const EDIT_WINDOW_MS = 120_000;

export interface ChatActionsDeps {
  transport: ChatTransport;
  own: OwnMessageLog;
  now?: () => number;
  /** Default 2 minutes, as real chat. */
  editWindowMs?: number;
}

/**
 * What a command or a task may do in chat besides posting, through the transport's optional
 * capabilities (`UNSUPPORTED` when the transport lacks one). Edits and deletes of the bot's own
 * messages obey chat's 2-minute window: past it, a ChatActionError `TOO_LATE` is thrown before
 * chat is asked; chat's own refusals arrive as ChatActionError too (never a silent no-op).
 */
export class ChatActions {
  private readonly now: () => number;
  private readonly windowMs: number;

  constructor(private readonly d: ChatActionsDeps) {
    this.now = d.now ?? Date.now;
    this.windowMs = d.editWindowMs ?? EDIT_WINDOW_MS;
  }

  /** Edits one of the bot's messages (within 2 minutes of posting it). */
  async edit(roomId: number, messageId: number, text: string): Promise<void> {
    this.checkWindow('edit', messageId);
    await requireCapability(this.d.transport, 'edit')(roomId, messageId, text);
    this.d.own.markEdited(messageId);
  }

  /** Deletes a message: the bot's own within 2 minutes, or any as a room owner / moderator. "Already deleted" is done. */
  async delete(roomId: number, messageId: number): Promise<void> {
    const own = this.d.own.get(messageId);
    if (own && !own.deleted) this.checkWindow('delete', messageId);
    await requireCapability(this.d.transport, 'delete')(roomId, messageId);
    this.d.own.markDeleted(messageId);
  }

  /** Sets the bot's star on a message (`on`, default true); nothing is posted when it already holds. */
  async star(roomId: number, messageId: number, on = true): Promise<void> {
    return requireCapability(this.d.transport, 'star')(roomId, messageId, on);
  }

  /** Pins (`on`, default true) or unpins a message; room owners and moderators only. */
  async pin(roomId: number, messageId: number, on = true): Promise<void> {
    return requireCapability(this.d.transport, 'pin')(roomId, messageId, on);
  }

  /** Removes every star of a message; room owners and moderators only. */
  async cancelStars(roomId: number, messageId: number): Promise<void> {
    return requireCapability(this.d.transport, 'cancelStars')(roomId, messageId);
  }

  /** Moves messages of a room to another room; room owners and moderators only. Resolves to the number moved. */
  async move(roomId: number, messageIds: readonly number[], toRoomId: number): Promise<number> {
    return requireCapability(this.d.transport, 'move')(roomId, messageIds, toRoomId);
  }

  /** A message's details: owner, text and source, parent, stars, starred by the bot, pinned, edits, deleted. */
  async message(messageId: number): Promise<ChatMessageDetails> {
    return requireCapability(this.d.transport, 'message')(messageId);
  }

  /** The room's last `count` messages, oldest first. */
  async history(roomId: number, count: number): Promise<IncomingMessage[]> {
    return requireCapability(this.d.transport, 'history')(roomId, count);
  }

  /** A user's details: reputation, moderator, about, last seen; with a room, whether they own it. */
  async user(userId: number, roomId?: number): Promise<ChatUserDetails> {
    return requireCapability(this.d.transport, 'userDetails')(userId, roomId);
  }

  /** A room's details: counts, parent site, tags, owners, current users. */
  async room(roomId: number): Promise<ChatRoomDetails> {
    return requireCapability(this.d.transport, 'roomDetails')(roomId);
  }

  /** The bot's newest message in the room that it has not deleted (since start), or undefined. */
  lastOwn(roomId: number): Readonly<OwnMessage> | undefined {
    return this.d.own.last(roomId);
  }

  private checkWindow(action: string, messageId: number): void {
    const own = this.d.own.get(messageId);
    if (own?.deleted) throw new ChatActionError(action, 'deleted', { messageId });
    if (own && this.now() - own.sentAt > this.windowMs) throw new ChatActionError(action, 'too-late', { messageId });
  }
}
