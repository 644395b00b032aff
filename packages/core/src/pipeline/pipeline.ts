import type { MessageContext } from './message-context.js';

/** One step of the message path: act, then call `next()` to go on, or end the message (`ctx.end`) and return. */
export interface Stage {
  readonly name: string;
  run(ctx: MessageContext, next: () => Promise<void>): Promise<void> | void;
}

const DONE: Promise<void> = Promise.resolve();

/**
 * Middleware-shaped composition of stages (grammY's Composer in a few lines): each stage gets the
 * context and `next`; a stage that does not call `next` ends the message.
 */
export class Pipeline {
  constructor(readonly stages: readonly Stage[]) {}

  run(ctx: MessageContext): Promise<void> {
    // Synchronous stages cost no promise and no microtask hop: a message whose stages all answer at
    // once reaches its command in the same turn as its frame (docs/design/latency.md).
    const step = (i: number): Promise<void> => {
      if (i >= this.stages.length || ctx.ended) return DONE;
      try {
        return this.stages[i].run(ctx, () => step(i + 1)) ?? DONE;
      } catch (err) {
        return Promise.reject(err);
      }
    };
    return step(0);
  }
}
