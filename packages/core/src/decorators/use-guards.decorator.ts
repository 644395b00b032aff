import type { Guard, GuardClass } from '../guards/guard.js';

const GUARDS_METADATA = Symbol.for('botpy:use-guards');

/**
 * Adds preconditions to a command class (as `@Command({ guards })` does): guard instances, or
 * classes resolved from the app's container. They are asked after the global guards, in order.
 */
export function UseGuards(...guards: (Guard | GuardClass)[]): ClassDecorator {
  return (target) => {
    const list = [...((Reflect.getOwnMetadata(GUARDS_METADATA, target) as (Guard | GuardClass)[] | undefined) ?? []), ...guards];
    Reflect.defineMetadata(GUARDS_METADATA, list, target);
  };
}

/** The guards recorded by `@UseGuards` on a class. */
export function getUseGuards(target: unknown): readonly (Guard | GuardClass)[] {
  return typeof target === 'function' ? ((Reflect.getOwnMetadata(GUARDS_METADATA, target) as (Guard | GuardClass)[] | undefined) ?? []) : [];
}
