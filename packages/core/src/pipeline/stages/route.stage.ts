import type { Logger } from 'pino';
import type { RegisteredCommand } from '../../commands/command-manager.js';
import type { CommandRouter } from '../../commands/command-router.js';
import type { Stage } from '../pipeline.js';
import { replyQuietly } from '../reply-quietly.js';

/** Stage 6: finds the command and its arguments; an addressed message matching none gets the hint (unless it is off). */
export function routeStage(router: CommandRouter<RegisteredCommand>, unknownCommand: string | null, logger: Logger): Stage {
  return {
    name: 'route',
    async run(ctx, next) {
      const match = router.route(ctx.words);
      if (!match) {
        if (unknownCommand !== null) await replyQuietly(ctx, unknownCommand, logger);
        return ctx.end('route', 'unmatched');
      }
      ctx.match = match;
      return next();
    },
  };
}
