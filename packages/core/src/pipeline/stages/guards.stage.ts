import type { Logger } from 'pino';
import type { GuardChain } from '../../guards/guard-chain.js';
import type { Stage } from '../pipeline.js';
import { replyQuietly } from '../reply-quietly.js';

/** Stage 7: asks the command's guards; the first refusal is replied (unless silent) and ends the message. */
export function guardsStage(chain: GuardChain, logger: Logger): Stage {
  return {
    name: 'guards',
    async run(ctx, next) {
      const m = ctx.message!;
      const command = ctx.match!.command;
      const refusal = await chain.check({ command, roomId: m.room.id, userId: m.user.id, message: m, dryRun: false, now: Date.now() });
      if (!refusal) return next();
      logger.info({ command: command.name, userId: m.user.id, roomId: m.room.id, guard: refusal.id }, `command refused by the ${refusal.id} guard`);
      if (refusal.text !== null) await replyQuietly(ctx, refusal.text, logger);
      return ctx.end('guards', refusal.outcome ?? 'refused', refusal.id);
    },
  };
}
