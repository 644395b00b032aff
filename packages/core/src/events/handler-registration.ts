import { getEventHandlers } from '../decorators/on-event.decorator.js';
import { getRedundaEventHandlers } from '../decorators/on-redunda-event.decorator.js';
import { ConfigError } from '../errors.js';
import type { EventBus } from './event-bus.js';

/** Subscribes the `@OnEvent` and `@OnRedundaEvent` methods of a handler instance to the bus. */
export function registerHandler(bus: EventBus, instance: object): void {
  const methodOf = (key: string | symbol) => {
    const method = (instance as Record<string | symbol, unknown>)[key];
    if (typeof method !== 'function') throw new ConfigError(`${instance.constructor.name}.${String(key)} is not a method`);
    return method as (e: unknown) => void | Promise<void>;
  };
  for (const rec of getEventHandlers(instance.constructor)) {
    const method = methodOf(rec.method);
    bus.on(rec.type, named(`${instance.constructor.name}.${String(rec.method)}`, (e) => method.call(instance, e)), rec.options);
  }
  for (const rec of getRedundaEventHandlers(instance.constructor)) {
    const method = methodOf(rec.method);
    bus.onCoordinatorEvent(rec.name, named(`${instance.constructor.name}.${String(rec.method)}`, (e: { name: string }) => method.call(instance, e)));
  }
}

/** Names a listener after the handler method it calls (error logs say which handler failed). */
function named<E>(name: string, fn: (e: E) => void | Promise<void>): (e: E) => void | Promise<void> {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
