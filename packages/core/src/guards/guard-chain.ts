import type { RegisteredCommand } from '../commands/command-manager.js';
import type { Guard, GuardInput, GuardRefusal } from './guard.js';

/**
 * Asks the guards of a command in order: the app's built-in ones (enabled, rooms, privilege), the
 * global ones, the command's own, and the cooldown last. The first refusal wins; when all say ok,
 * each guard's `passed()` runs (not in dry-run).
 */
export class GuardChain {
  constructor(
    private readonly before: readonly Guard[],
    private readonly global: readonly Guard[],
    private readonly after: readonly Guard[],
  ) {}

  /** The guards asked for a command, in order. */
  guardsOf(command: RegisteredCommand): readonly Guard[] {
    return command.guards.length === 0 ? [...this.before, ...this.global, ...this.after] : [...this.before, ...this.global, ...command.guards, ...this.after];
  }

  /** The first refusal, or null when every guard said ok (and, unless dry-run, each was told it passed). */
  async check(input: GuardInput & { readonly command: RegisteredCommand }): Promise<GuardRefusal | null> {
    const guards = this.guardsOf(input.command);
    for (const g of guards) {
      const r = await g.check(input);
      if (!r.ok) return r;
    }
    if (!input.dryRun) for (const g of guards) g.passed?.(input);
    return null;
  }
}
