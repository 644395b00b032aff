import type { CommandClass } from '../decorators/command.decorator.js';

/** A command as registered at bootstrap. */
export interface RegisteredCommand {
  /** The class name. */
  readonly name: string;
  readonly type: CommandClass;
  readonly usages: readonly string[];
  /** The required level; `'top'` follows the highest defined level. */
  readonly privilege: number | 'top';
  readonly description: string;
  readonly timeoutMs: number;
}

/** A command run in progress. */
export interface RunningCommand {
  readonly id: number;
  readonly command: string;
  readonly usage: string;
  readonly args: readonly string[];
  readonly user: { id: number; name: string };
  readonly roomId: number;
  readonly messageId: number;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

/** What `ctx.commands` offers: the registered commands and the runs in progress. */
export interface CommandManager {
  registered(): readonly RegisteredCommand[];
  running(): readonly RunningCommand[];
  /** The level a command requires now (resolves `'top'`). */
  requiredLevel(command: RegisteredCommand): number;
}
