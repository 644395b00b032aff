import type { Stage } from '../pipeline.js';

/** Stage 1: the bot's own messages go no further (not to handlers, never to commands). */
export function ignoreOwnStage(selfId: () => number | null): Stage {
  return {
    name: 'ignore-own',
    run(ctx, next) {
      const m = ctx.event.message;
      if (m && m.user.id === selfId()) return ctx.end('ignore-own', 'own');
      return next();
    },
  };
}
