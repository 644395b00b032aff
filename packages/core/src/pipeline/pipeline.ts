import type { MessageContext } from './message-context.js';

/** One step of the message path: act, then call `next()` to go on, or end the message (`ctx.end`) and return. */
export interface Stage {
  readonly name: string;
  run(ctx: MessageContext, next: () => Promise<void>): Promise<void> | void;
}

/**
 * Middleware-shaped composition of stages (grammY's Composer in a few lines): each stage gets the
 * context and `next`; a stage that does not call `next` ends the message.
 */
export class Pipeline {
  constructor(readonly stages: readonly Stage[]) {}

  run(ctx: MessageContext): Promise<void> {
    const step = async (i: number): Promise<void> => {
      if (i >= this.stages.length || ctx.ended) return;
      await this.stages[i].run(ctx, () => step(i + 1));
    };
    return step(0);
  }
}
