import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { HandledMessage } from '../pipeline/handled-message.js';
import { MessageContext } from '../pipeline/message-context.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { SendOptions, TransportEvent } from '../transport/chat-transport.js';

/**
 * Where chat events enter: each gets a MessageContext and runs through the pipeline; a new message
 * then yields one `HandledMessage` (after its replies were delivered). Tracks the work in flight,
 * which stop waits for (bounded).
 */
export class MessageIntake {
  /** Events still in the pipeline. */
  readonly inFlight = new Set<Promise<unknown>>();
  /** New messages handled so far (for health). */
  handledCount = 0;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly send: (roomId: number, text: string, options: SendOptions) => Promise<number[]>,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  accept(e: TransportEvent): void {
    const ctx = new MessageContext(e, this.send);
    // one chain per event that never rejects (a failure is logged and reported as 'error'); it
    // leaves inFlight when it settles
    const p: Promise<void> = this.pipeline.run(ctx).then(() => this.finish(ctx), (err: unknown) => this.fail(ctx, err));
    this.inFlight.add(p);
    void p.then(() => this.inFlight.delete(p));
  }

  private async finish(ctx: MessageContext): Promise<void> {
    try {
      const h = await ctx.handled();
      if (h) this.emit(h);
    } catch (err) {
      this.fail(ctx, err);
    }
  }

  private fail(ctx: MessageContext, err: unknown): void {
    this.logger.error({ err, messageId: ctx.event.message?.id }, 'handling a message failed');
    if (ctx.message) this.emit({ messageId: ctx.message.id, roomId: ctx.event.roomId, outcome: 'error', sentIds: [], stage: 'pipeline' });
  }

  private emit(h: HandledMessage): void {
    this.handledCount++;
    this.bus.emitHandled(h);
  }
}
