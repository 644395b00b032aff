import { address } from '../../commands/addressing.js';
import type { Conversations } from '../../conversations/conversations.js';
import type { Stage } from '../pipeline.js';

/** What the conversation stage needs. */
export interface ConversationStageDeps {
  readonly conversations: Conversations;
  /** Only a running, active instance takes answers (as it takes commands). */
  accepting(): boolean;
  names(): readonly string[];
  isOwnMessage(id: number): boolean;
  /** True when these words (after the ping) run a command. */
  isCommand(words: readonly string[]): boolean;
}

/**
 * Stage 4 (before addressing): a message of a user the bot is waiting on (`ctx.ask`,
 * `ctx.confirm`) in that room is the answer, and goes no further (it is not also a command),
 * outcome 'answered'. One exception: a message that addresses the bot with a command (`@Bot help`,
 * or a reply command on another of the bot's messages) while a question is pending runs that
 * command, and the question keeps waiting; a reply to the question itself is always the answer.
 * Costs nothing while no question is pending.
 */
export function conversationStage(d: ConversationStageDeps): Stage {
  return {
    name: 'conversation',
    run(ctx, next) {
      if (d.conversations.size === 0) return next();
      const m = ctx.message!;
      const q = d.conversations.questionFor(m);
      if (!q || !d.accepting()) return next();
      const repliesToQuestion = m.isReply && m.parentId !== undefined && q.questionIds.has(m.parentId);
      if (!repliesToQuestion) {
        const isReplyToBot = m.repliedToBot || (m.isReply && m.parentId !== undefined && d.isOwnMessage(m.parentId));
        const { addressed, words } = address(m.text, d.names(), { isReplyToBot, isReply: m.isReply || isReplyToBot, html: m.html });
        if (addressed && words.length > 0 && d.isCommand(words)) return next();
      }
      d.conversations.answer(m);
      ctx.end('conversation', 'answered');
    },
  };
}
