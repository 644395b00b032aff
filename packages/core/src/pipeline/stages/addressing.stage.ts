import { address } from '../../commands/addressing.js';
import type { Stage } from '../pipeline.js';

/** Stage 4: is the message for the bot (a ping of a name or alias, or a reply to the bot)? Sets `ctx.words`. */
export function addressingStage(names: () => readonly string[], isOwnMessage: (id: number) => boolean): Stage {
  return {
    name: 'addressing',
    run(ctx, next) {
      const m = ctx.message!;
      const isReplyToBot = m.repliedToBot || (m.isReply && m.parentId !== undefined && isOwnMessage(m.parentId));
      const { addressed, words } = address(m.text, names(), { isReplyToBot, isReply: m.isReply || isReplyToBot, html: m.html });
      if (!addressed) return ctx.end('addressing', 'ignored');
      ctx.words = words;
      return next();
    },
  };
}
