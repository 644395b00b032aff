import type { Logger } from 'pino';
import { OwnMessageLog } from '../actions/own-message-log.js';
import { NotActiveError, ReplyDataError } from '../errors.js';
import { ReplyDataStore } from '../replies/reply-data-store.js';
import type { ChatTransport, SendOptions } from './chat-transport.js';

/**
 * Outgoing messages: every post goes through here, so the bot's own messages are known (a reply to
 * one addresses the bot; edits and deletes check chat's window against them) and the
 * coordinator's fencing is asked before every write.
 */
export class OutgoingMessages {
  /** The bot's own messages (the last 2000), with their edits and deletes made through the app. */
  readonly log = new OwnMessageLog();

  constructor(
    private readonly transport: ChatTransport,
    private readonly mayAct: () => boolean,
    private readonly now: () => number = Date.now,
    /** Where the data of messages sent with `{ data }` is kept (reply commands); without one, data is refused. */
    private readonly replyData: ReplyDataStore | null = null,
  ) {}

  /**
   * Posts as the bot. Rejects with NotActiveError when the coordinator says this instance may not
   * act right now (it lost its lease or is on standby); `announcement` posts (the lifecycle's own
   * startup/standby/failover notices) skip that check: they say which instance is which.
   * With `data`, the data is checked first (ReplyDataError: nothing is posted) and kept once the
   * message is posted (resolves after the store wrote it).
   */
  async send(roomId: number, text: string, options: SendOptions = {}, announcement = false): Promise<number[]> {
    const data = options.data;
    const withData = data !== undefined;
    if (withData) {
      if (!this.replyData) throw new ReplyDataError('this application keeps no message data');
      ReplyDataStore.check(data);
    }
    if (!announcement && !this.mayAct()) throw new NotActiveError();
    if (!withData) {
      const ids = await this.transport.send(roomId, text, options);
      this.log.record(roomId, ids, this.now());
      return ids;
    }
    const store = this.replyData!;
    const { data: _kept, ...transportOptions } = options;
    // remembered (in memory) as soon as the ids are known; tracked, so a reply that arrives before that waits for it
    const posting = this.transport.send(roomId, text, transportOptions).then((ids) => {
      this.log.record(roomId, ids, this.now());
      return { ids, saved: store.remember(roomId, ids, text, data) };
    });
    store.track(posting);
    const { ids, saved } = await posting;
    await saved;
    return ids;
  }

  /** Posts the text in every room; a failure is logged, never thrown. */
  async everywhere(rooms: readonly number[], text: string, announcement: boolean, logger: Logger): Promise<void> {
    const results = await Promise.allSettled(rooms.map((r) => this.send(r, text, {}, announcement)));
    for (const r of results) if (r.status === 'rejected') logger.error({ err: r.reason }, 'posting a global message failed');
  }

  /** True for a message this instance posted (one of the last 2000). */
  isOwn(messageId: number): boolean {
    return this.log.isOwn(messageId);
  }
}
