import type { RegisteredCommand } from '../commands/command-manager.js';
import type { Guard, GuardInput, GuardRefusal } from './guard.js';

/**
 * Asks the guards of a command in order: the app's built-in ones (enabled, rooms, privilege), the
 * global ones, the command's own, and the cooldown last. The first refusal wins; when all say ok,
 * each guard's `passed()` runs (not in dry-run).
 */
export class GuardChain {
  /** The list of each command, made once (per list of its own guards). */
  private readonly lists = new WeakMap<RegisteredCommand, { own: readonly Guard[]; all: readonly Guard[] }>();

  constructor(
    private readonly before: readonly Guard[],
    private readonly global: readonly Guard[],
    private readonly after: readonly Guard[],
  ) {}

  /** The guards asked for a command, in order. */
  guardsOf(command: RegisteredCommand): readonly Guard[] {
    const known = this.lists.get(command);
    if (known && known.own === command.guards) return known.all;
    const all = Object.freeze([...this.before, ...this.global, ...command.guards, ...this.after]);
    this.lists.set(command, { own: command.guards, all });
    return all;
  }

  /** The first refusal, or null when every guard said ok (and, unless dry-run, each was told it passed). */
  async check(input: GuardInput & { readonly command: RegisteredCommand }): Promise<GuardRefusal | null> {
    const guards = this.guardsOf(input.command);
    for (const g of guards) {
      // a guard that answers at once is not awaited (most are synchronous)
      const answer = g.check(input);
      const r = isThenable(answer) ? await answer : answer;
      if (!r.ok) return r;
    }
    if (!input.dryRun) for (const g of guards) g.passed?.(input);
    return null;
  }
}

function isThenable<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}
