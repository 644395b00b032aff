/**
 * Marks a method as a handler of Redunda events (webhook-style events posted to
 * `/bots/{id}/events/{name}`): `name` selects one event name, `'*'` (default) every event. The method
 * gets `@botpy/redunda`'s `RedundaEvent` (`name`, `isBroadcast`, `headers`, `header(n)`, `content`,
 * `json()`). Events are delivered once each, and by default only while this instance is active.
 * Only records metadata; `bootstrap({ handlers })` subscribes it.
 */
export function OnRedundaEvent(name = '*'): MethodDecorator {
  return (target, propertyKey) => {
    const ctor = target.constructor;
    const list: OnRedundaEventRecord[] = [...((Reflect.getOwnMetadata(REDUNDA_EVENT_METADATA, ctor) as OnRedundaEventRecord[] | undefined) ?? [])];
    list.push({ method: propertyKey, name });
    Reflect.defineMetadata(REDUNDA_EVENT_METADATA, list, ctor);
  };
}

interface OnRedundaEventRecord {
  readonly method: string | symbol;
  readonly name: string;
}

const REDUNDA_EVENT_METADATA = Symbol.for('botpy:on-redunda-event');

/** The handler methods recorded by `@OnRedundaEvent` on a class. */
export function getRedundaEventHandlers(target: unknown): readonly OnRedundaEventRecord[] {
  return typeof target === 'function'
    ? ((Reflect.getOwnMetadata(REDUNDA_EVENT_METADATA, target) as OnRedundaEventRecord[] | undefined) ?? [])
    : [];
}
