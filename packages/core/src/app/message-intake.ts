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
    const p = this.pipeline
      .run(ctx)
      .then(() => ctx.handled())
      .then((h) => h && this.emit(h))
      .catch((err) => {
        this.logger.error({ err, messageId: e.message?.id }, 'handling a message failed');
        if (ctx.message) this.emit({ messageId: ctx.message.id, roomId: e.roomId, outcome: 'error', sentIds: [], stage: 'pipeline' });
      });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private emit(h: HandledMessage): void {
    this.handledCount++;
    this.bus.emitHandled(h);
  }
}
