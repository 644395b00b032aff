import type { Logger } from 'pino';
import type { RepliedMessage } from '../../replies/replied-message.js';
import type { ReplyDataStore, StoredBotMessage } from '../../replies/reply-data-store.js';
import type { MessageContext } from '../message-context.js';
import type { Stage } from '../pipeline.js';
import { replyQuietly } from '../reply-quietly.js';

/** What the reply-to stage needs. */
export interface ReplyToStageDeps {
  readonly replies: ReplyDataStore;
  readonly logger: Logger;
  isOwnMessage(id: number): boolean;
  /** The text of a message as chat gives it now ('' when it cannot be read). */
  messageText(id: number): Promise<string>;
}

/**
 * Stage 7 (after route): a reply command (`onReplyTo`) runs only as a reply to one of the bot's
 * messages; the stage finds that message and its data (memory, else the store: it survives
 * restarts and failovers) and sets `ctx.repliedTo`. Sent without a reply, or as a reply to a bot
 * message without data (for `onReplyTo: true`), the user is told why and how, outcome 'unmatched'.
 */
export function replyToStage(d: ReplyToStageDeps): Stage {
  return {
    name: 'reply-to',
    run(ctx, next) {
      if (!ctx.match!.command.onReplyTo) return next(); // most commands: synchronous
      return replyCommand(ctx, next);
    },
  };

  /** A reply command: finds the replied-to message and its data (asynchronous). */
  async function replyCommand(ctx: MessageContext, next: () => Promise<void>): Promise<void> {
    const command = ctx.match!.command;
    const m = ctx.message!;
    const word = ctx.match!.usage.source.split(' ')[0];
    const parentId = m.isReply ? m.parentId : undefined;
    let stored: StoredBotMessage | undefined;
    if (parentId !== undefined) {
      try {
        stored = await d.replies.get(parentId);
      } catch (err) {
        d.logger.error({ err, messageId: parentId }, 'reading the data of a replied-to message failed');
      }
    }
    const own = parentId !== undefined && (stored !== undefined || m.repliedToBot || d.isOwnMessage(parentId));
    if (!own) {
      await replyQuietly(ctx, `"${word}" works as a reply to one of my messages: reply to it (":<message id> ${word}").`, d.logger);
      return ctx.end('reply-to', 'unmatched', 'not-a-reply');
    }
    if (!stored && command.onReplyTo === true) {
      await replyQuietly(ctx, `"${word}" works on my messages that carry data (such as reports), and that message has none (or it is too old: data is kept for a limited number of messages and days).`, d.logger);
      return ctx.end('reply-to', 'unmatched', 'no-data');
    }
    const repliedTo: RepliedMessage = stored
      ? { id: stored.id, roomId: stored.roomId, text: stored.text, data: stored.data, sentAt: stored.sentAt }
      : { id: parentId!, roomId: m.room.id, text: await d.messageText(parentId!).catch(() => ''), data: undefined };
    ctx.repliedTo = repliedTo;
    return next();
  }
}
