import type { Stage } from '../pipeline.js';

/** How long a message waits for a takeover in progress (data reload) before it is treated as on standby. */
export const TAKEOVER_WAIT_MS = 5_000;

/**
 * Stage 5: only a running, active instance takes commands (a standby one stays silent). A message
 * that arrives while the instance is taking over (the coordinator said active, data is reloading)
 * waits for the takeover, bounded by TAKEOVER_WAIT_MS, instead of being dropped as standby.
 */
export function roleGateStage(accepting: () => boolean, takingOver: () => Promise<void> | null = () => null): Stage {
  return {
    name: 'role-gate',
    run(ctx, next) {
      if (accepting()) return next();
      return (async () => {
        const pending = takingOver();
        if (pending) {
          let timer: NodeJS.Timeout | undefined;
          const bound = new Promise<void>((resolve) => {
            timer = setTimeout(resolve, TAKEOVER_WAIT_MS);
          });
          await Promise.race([pending, bound]).finally(() => clearTimeout(timer));
        }
        if (!accepting()) return ctx.end('role-gate', 'standby');
        return next();
      })();
    },
  };
}
