import { NotActiveError } from '../errors.js';
import type { ChatTransport, SendOptions } from './chat-transport.js';

const OWN_IDS_KEPT = 2000;

/**
 * Outgoing messages: every post goes through here, so the ids of the bot's own messages are known
 * (a reply to one addresses the bot) and the coordinator's fencing is asked before every write.
 */
export class OutgoingMessages {
  private readonly ownIds = new Set<number>();

  constructor(private readonly transport: ChatTransport, private readonly mayAct: () => boolean) {}

  /**
   * Posts as the bot. Rejects with NotActiveError when the coordinator says this instance may not
   * act right now (it lost its lease or is on standby); `announcement` posts (the lifecycle's own
   * startup/standby/failover notices) skip that check: they say which instance is which.
   */
  async send(roomId: number, text: string, options: SendOptions = {}, announcement = false): Promise<number[]> {
    if (!announcement && !this.mayAct()) throw new NotActiveError();
    const ids = await this.transport.send(roomId, text, options);
    for (const id of ids) {
      this.ownIds.add(id);
      if (this.ownIds.size > OWN_IDS_KEPT) this.ownIds.delete(this.ownIds.values().next().value as number);
    }
    return ids;
  }

  /** True for a message this instance posted (one of the last 2000). */
  isOwn(messageId: number): boolean {
    return this.ownIds.has(messageId);
  }
}
