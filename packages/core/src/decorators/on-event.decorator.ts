/**
 * Which chat events a handler wants: an event type number (1 = MessagePosted), a type name
 * (`'MessagePosted'`, `'UserEntered'`, …), or `'*'` for every event.
 */
export type EventSelector = number | string;

interface OnEventRecord {
  readonly method: string | symbol;
  readonly type: EventSelector;
}

const EVENT_METADATA = Symbol.for('botpy:on-event');

/**
 * Marks a method as a handler of chat events from every configured room. Only records metadata.
 * A handler class with constructor dependencies also needs `@injectable()`.
 */
export function OnEvent(type: EventSelector): MethodDecorator {
  return (target, propertyKey) => {
    const ctor = target.constructor;
    const list: OnEventRecord[] = [...((Reflect.getOwnMetadata(EVENT_METADATA, ctor) as OnEventRecord[] | undefined) ?? [])];
    list.push({ method: propertyKey, type });
    Reflect.defineMetadata(EVENT_METADATA, list, ctor);
  };
}

/** The handler methods recorded by `@OnEvent` on a class. */
export function getEventHandlers(target: unknown): readonly OnEventRecord[] {
  return typeof target === 'function' ? ((Reflect.getOwnMetadata(EVENT_METADATA, target) as OnEventRecord[] | undefined) ?? []) : [];
}
