/** One message the bot posted. */
export interface OwnMessage {
  readonly id: number;
  readonly roomId: number;
  /** Epoch milliseconds of the post. */
  readonly sentAt: number;
  edits: number;
  deleted: boolean;
}

const KEPT = 2000;

/**
 * The bot's own messages (the last 2000): posts, and the edits and deletes made through the app,
 * so a reply to one addresses the bot, the edit window can be checked before asking chat, and "the
 * bot's last message in a room" is known.
 */
export class OwnMessageLog {
  private readonly byId = new Map<number, OwnMessage>();

  record(roomId: number, ids: readonly number[], at: number): void {
    for (const id of ids) {
      this.byId.set(id, { id, roomId, sentAt: at, edits: 0, deleted: false });
      if (this.byId.size > KEPT) this.byId.delete(this.byId.keys().next().value as number);
    }
  }

  isOwn(messageId: number): boolean {
    return this.byId.has(messageId);
  }

  get(messageId: number): Readonly<OwnMessage> | undefined {
    return this.byId.get(messageId);
  }

  markEdited(messageId: number): void {
    const m = this.byId.get(messageId);
    if (m) m.edits += 1;
  }

  markDeleted(messageId: number): void {
    const m = this.byId.get(messageId);
    if (m) m.deleted = true;
  }

  /** The bot's newest message in the room that is not deleted (optionally only those for which `pred` holds). */
  last(roomId: number, pred: (m: Readonly<OwnMessage>) => boolean = () => true): Readonly<OwnMessage> | undefined {
    let found: OwnMessage | undefined;
    for (const m of this.byId.values()) if (m.roomId === roomId && !m.deleted && pred(m) && (!found || m.id > found.id)) found = m;
    return found;
  }
}
