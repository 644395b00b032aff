/**
 * Which chat events a handler wants: an event type number (1 = MessagePosted), a type name
 * (`'MessagePosted'`, `'UserEntered'`, …), or `'*'` for every event.
 */
export type EventSelector = number | string;

/** Options of `@OnEvent`. */
export interface OnEventOptions {
  /**
   * Also run while this instance is on standby (default false). By default only the active
   * instance of a pair runs event handlers, as it alone answers commands and runs tasks.
   */
  readonly whileStandby?: boolean;
}

interface OnEventRecord {
  readonly method: string | symbol;
  readonly type: EventSelector;
  readonly options: OnEventOptions;
}

const EVENT_METADATA = Symbol.for('botpy:on-event');

/**
 * Marks a method as a handler of chat events from every configured room (not the bot's own
 * messages), on the active instance only unless `{ whileStandby: true }`. Only records metadata.
 * A handler class with constructor dependencies also needs `@injectable()`.
 */
export function OnEvent(type: EventSelector, options: OnEventOptions = {}): MethodDecorator {
  return (target, propertyKey) => {
    const ctor = target.constructor;
    const list: OnEventRecord[] = [...((Reflect.getOwnMetadata(EVENT_METADATA, ctor) as OnEventRecord[] | undefined) ?? [])];
    list.push({ method: propertyKey, type, options });
    Reflect.defineMetadata(EVENT_METADATA, list, ctor);
  };
}

/** The handler methods recorded by `@OnEvent` on a class. */
export function getEventHandlers(target: unknown): readonly OnEventRecord[] {
  return typeof target === 'function' ? ((Reflect.getOwnMetadata(EVENT_METADATA, target) as OnEventRecord[] | undefined) ?? []) : [];
}
