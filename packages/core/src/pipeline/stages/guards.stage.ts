import type { Logger } from 'pino';
import { isThenable, type GuardChain } from '../../guards/guard-chain.js';
import type { GuardRefusal } from '../../guards/guard.js';
import type { MessageContext } from '../message-context.js';
import type { Stage } from '../pipeline.js';
import { replyQuietly } from '../reply-quietly.js';

/** Stage 7: asks the command's guards; the first refusal is replied (unless silent) and ends the message. */
export function guardsStage(chain: GuardChain, logger: Logger): Stage {
  return {
    name: 'guards',
    run(ctx, next) {
      const m = ctx.message!;
      const command = ctx.match!.command;
      const answer = chain.checkNow({ command, roomId: m.room.id, userId: m.user.id, message: m, dryRun: false, now: Date.now() });
      // every guard said ok at once: the command runs in this turn (no hop behind the frame's other events)
      if (answer === null) return next();
      return settle(ctx, next, answer);
    },
  };

  /** A refusal, or a guard that answers later. */
  async function settle(ctx: MessageContext, next: () => Promise<void>, answer: GuardRefusal | Promise<GuardRefusal | null>): Promise<void> {
    const m = ctx.message!;
    const command = ctx.match!.command;
    const refusal = isThenable(answer) ? await answer : answer;
    if (!refusal) return next();
    logger.info({ command: command.name, userId: m.user.id, roomId: m.room.id, guard: refusal.id }, `command refused by the ${refusal.id} guard`);
    if (refusal.text !== null) await replyQuietly(ctx, refusal.text, logger);
    return ctx.end('guards', refusal.outcome ?? 'refused', refusal.id);
  }
}
