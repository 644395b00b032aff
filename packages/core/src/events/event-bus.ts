import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { EventSelector } from '../decorators/on-event.decorator.js';
import type { HandledMessage } from '../pipeline/handled-message.js';
import type { ErrorLog } from '../reporting/error-log.js';
import type { TransportEvent } from '../transport/chat-transport.js';

/** Options of `app.on()` and `@OnEvent`. */
export interface ListenOptions {
  /** Also call the handler while this instance is on standby (default false: only the active instance acts). */
  readonly whileStandby?: boolean;
}

/**
 * The application's event bus: chat events for `@OnEvent` handlers and `app.on()`, coordinator
 * events (Redunda's) for `@OnRedundaEvent`, and "message handled" for tests. A handler that throws
 * or rejects is logged, never propagated.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();

  /** `errors`: where handler failures are recorded too (the `errorlogs` log). */
  constructor(private readonly logger: Logger, private readonly standby: () => boolean, private readonly errors?: ErrorLog) {
    this.emitter.setMaxListeners(0);
  }

  /** Listens to chat events (a type number, a type name, or '*'). Returns an unsubscribe function. */
  on(type: EventSelector, fn: (e: TransportEvent) => void | Promise<void>, options: ListenOptions = {}): () => void {
    const listener = (e: TransportEvent) => {
      if (!selectorMatches(type, e)) return;
      if (!options.whileStandby && this.standby()) return;
      this.callSafely(() => fn(e), { type: e.typeName }, 'event handler failed', fn.name || `${e.typeName} listener`);
    };
    this.emitter.on('chat-event', listener);
    return () => this.emitter.off('chat-event', listener);
  }

  /** Delivers one chat event to the listeners. */
  deliver(e: TransportEvent): void {
    this.emitter.emit('chat-event', e);
  }

  onHandled(fn: (h: HandledMessage) => void): () => void {
    this.emitter.on('handled', fn);
    return () => this.emitter.off('handled', fn);
  }

  emitHandled(h: HandledMessage): void {
    this.emitter.emit('handled', h);
  }

  /** Listens to the coordinator's events (Redunda's events: `name`, or '*'). */
  onCoordinatorEvent<E extends { name: string }>(name: string, fn: (e: E) => void | Promise<void>): () => void {
    const listener = (e: E) => {
      if (name !== '*' && e.name !== name) return;
      this.callSafely(() => fn(e), { redundaEvent: e.name }, 'Redunda event handler failed', fn.name || `Redunda ${e.name} listener`);
    };
    this.emitter.on('coordinator-event', listener);
    return () => this.emitter.off('coordinator-event', listener);
  }

  deliverCoordinatorEvent(e: unknown): void {
    this.emitter.emit('coordinator-event', e);
  }

  /** Runs a handler; a throw or a rejection is logged, never propagated. */
  private callSafely(fn: () => void | Promise<void>, context: object, message: string, name: string): void {
    const failed = (err: unknown) => {
      this.logger.error({ err, ...context }, message);
      this.errors?.record('handler', name, err);
    };
    try {
      const r = fn();
      if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(failed);
    } catch (err) {
      failed(err);
    }
  }
}

function selectorMatches(type: EventSelector, e: TransportEvent): boolean {
  if (type === '*') return true;
  if (typeof type === 'number') return e.type === type;
  return e.typeName.toLowerCase() === type.toLowerCase();
}
