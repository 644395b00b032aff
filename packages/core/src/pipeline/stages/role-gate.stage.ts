import type { Stage } from '../pipeline.js';

/** Stage 5: only a running, active instance takes commands (a standby one stays silent). */
export function roleGateStage(accepting: () => boolean): Stage {
  return {
    name: 'role-gate',
    run(ctx, next) {
      if (!accepting()) return ctx.end('role-gate', 'standby');
      return next();
    },
  };
}
