import { injectable } from 'tsyringe';
import type { CommandContext } from '../commands/command-context.js';
import type { CooldownOptions } from '../guards/cooldown-options.js';
import type { Guard, GuardClass } from '../guards/guard.js';

/** Options of `@Command`. */
export interface CommandOptions {
  /** Usage patterns, e.g. `['test ...', 'demo ...']`. `*` = one argument, `...` = any number (last only). */
  usage: string[];
  /** Minimum privilege level (default 0). `'top'` = the highest defined level, whatever it is. */
  privilege?: number | 'top';
  /** One line for `help`. */
  description?: string;
  /**
   * Names of the arguments, in the order of the usage's `*` and `...`, for `help` and usage hints:
   * `{ usage: ['privilege * *'], args: ['user', 'level'] }` reads `privilege <user> <level>`
   * (default `<arg>` and `[args…]`).
   */
  args?: string[];
  /** Seconds before the run is reported as timed out (default: the application's `commandTimeout`, 60). */
  timeout?: number;
  /** Only in these rooms (default: every configured room); elsewhere it is refused politely and `help` hides it. */
  rooms?: number[];
  /** At most one run per `seconds`, per user (default), room or globally; an early try is told when it may run again. */
  cooldown?: CooldownOptions;
  /** More preconditions of this command (instances, or classes resolved from the app's container). Also `@UseGuards`. */
  guards?: (Guard | GuardClass)[];
}

/** What a command class must implement. */
export interface CommandHandler {
  /** May return anything (e.g. the id `ctx.reply` resolves to); a returned promise is awaited. */
  run(ctx: CommandContext): unknown;
}

export type CommandClass = new (...args: any[]) => CommandHandler;

const COMMAND_METADATA = Symbol.for('botpy:command');

/**
 * Marks a class as a chat command. Only records metadata (and tsyringe's constructor type info, so
 * dependencies are injected); everything is validated and registered by `bootstrap()`.
 */
export function Command(options: CommandOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(COMMAND_METADATA, options, target);
    injectable()(target as unknown as new (...args: any[]) => unknown);
  };
}

/** The options recorded by `@Command`, or undefined when the class is not decorated. */
export function getCommandMetadata(target: unknown): CommandOptions | undefined {
  return typeof target === 'function' ? (Reflect.getOwnMetadata(COMMAND_METADATA, target) as CommandOptions | undefined) : undefined;
}
