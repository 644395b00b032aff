import type { CommandClass } from '../decorators/command.decorator.js';
import type { Guard, GuardedCommand } from '../guards/guard.js';

/** A command as registered at bootstrap. */
export interface RegisteredCommand extends GuardedCommand {
  readonly type: CommandClass;
  readonly description: string;
  readonly timeoutMs: number;
  /** Its own guards (`@Command({ guards })`, `@UseGuards`), resolved; asked after the global ones. */
  readonly guards: readonly Guard[];
  /** A reply command (`@Command({ onReplyTo })`): runs only as a reply to a bot message with data (`true`) or to any bot message (`'any'`). */
  readonly onReplyTo?: true | 'any';
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
  /**
   * Switches a command off at run time, everywhere or in one room; it is then refused (and `help`
   * hides it). Named by class name or by the first word of a usage (`'alive'`).
   */
  disable(name: string, roomId?: number): void;
  /** Switches a command back on, everywhere or in one room. */
  enable(name: string, roomId?: number): void;
  /** Whether the command is on in the room. */
  isEnabled(name: string, roomId: number): boolean;
}
