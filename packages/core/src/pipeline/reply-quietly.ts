import type { Logger } from 'pino';
import type { MessageContext } from './message-context.js';

/** Replies to the context's message; a failed send is logged, never thrown (the pipeline's own replies). */
export async function replyQuietly(ctx: MessageContext, text: string, logger: Logger): Promise<void> {
  const m = ctx.message;
  if (!m) return;
  try {
    await ctx.send(text, { replyTo: m.id });
  } catch (err) {
    logger.error({ err, messageId: m.id }, 'could not send a reply');
  }
}
