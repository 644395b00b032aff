import type { TransportEvent } from '../../transport/chat-transport.js';
import type { Stage } from '../pipeline.js';

/**
 * Stage 3: every event of a configured room goes to the `@OnEvent` handlers and `app.on()`
 * listeners (on a standby instance only to those that asked for it: `whileStandby`); only new
 * messages go further.
 */
export function eventsStage(deliver: (e: TransportEvent) => void): Stage {
  return {
    name: 'events',
    run(ctx, next) {
      deliver(ctx.event);
      if (!ctx.message) return ctx.end('events', 'ignored');
      return next();
    },
  };
}
