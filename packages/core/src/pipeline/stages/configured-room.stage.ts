import type { Stage } from '../pipeline.js';

/** Stage 2: events of rooms the bot is not configured for go no further. */
export function configuredRoomStage(rooms: readonly number[]): Stage {
  const configured = new Set(rooms);
  return {
    name: 'configured-room',
    run(ctx, next) {
      if (!configured.has(ctx.event.roomId)) return ctx.end('configured-room', 'not-configured');
      return next();
    },
  };
}
