import { injectable } from '../commonjs-packages.js';
import type { CommandContext } from '../commands/command-context.js';
import type { CooldownOptions } from '../guards/cooldown-options.js';
import type { Guard, GuardClass } from '../guards/guard.js';

/** Options of `@Command`. */
export interface CommandOptions<U extends readonly string[] = readonly string[]> {
  /**
   * Usage patterns, e.g. `['test ...', 'demo ...']`. `*` = one argument, `...` = any number (last
   * only); named and typed arguments: `'ban <user:user> <minutes:int(1..1440)> [reason:text]'` (docs/typed-arguments.md).
   */
  usage: U;
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
  /**
   * A reply command (SE bots' feedback loop, like SmokeDetector's `tp`/`fp`): it runs only when a
   * user replies to one of the bot's messages (`:<messageId> tp`), with `ctx.repliedTo` holding that
   * message and the data it was posted with (`ctx.reply(text, { data })`). `true`: only messages
   * that carry data (else the user is told there is none); `'any'`: any of the bot's messages
   * (`ctx.repliedTo.data` undefined when none). Sent without a reply, the user is told how to use it.
   */
  onReplyTo?: boolean | 'any';
}

/** What a command class must implement. */
export interface CommandHandler {
  /** May return anything (e.g. the id `ctx.reply` resolves to); a returned promise is awaited. */
  run(ctx: CommandContext): unknown;
}

export type CommandClass = new (...args: any[]) => CommandHandler;

const COMMAND_METADATA = Symbol.for('botpy:command');

/** A class whose `run(ctx)` (if any) reads the usages `U`: what `@Command({ usage: U })` accepts. */
export type CommandClassFor<U extends readonly string[]> = abstract new (...args: any[]) => { run?(ctx: CommandContext<U>): unknown };

/**
 * Marks a class as a chat command. Only records metadata (and tsyringe's constructor type info, so
 * dependencies are injected); everything is validated and registered by `bootstrap()`. The compiler
 * checks that `run(ctx: CommandContext<…>)` reads the usages declared here (typed arguments).
 */
export function Command<const U extends readonly string[]>(options: CommandOptions<U>): <T extends CommandClassFor<U>>(target: T) => void {
  return (target) => {
    Reflect.defineMetadata(COMMAND_METADATA, options, target);
    injectable()(target as unknown as new (...args: any[]) => unknown);
  };
}

/** The options recorded by `@Command`, or undefined when the class is not decorated. */
export function getCommandMetadata(target: unknown): CommandOptions | undefined {
  return typeof target === 'function' ? (Reflect.getOwnMetadata(COMMAND_METADATA, target) as CommandOptions | undefined) : undefined;
}
