import type { RegisteredCommand } from '../commands/command-manager.js';
import type { Guard, GuardInput, GuardRefusal, GuardResult } from './guard.js';

/**
 * Asks the guards of a command in order: the app's built-in ones (enabled, rooms, privilege), the
 * global ones, the command's own, and the cooldown last. The first refusal wins; when all say ok,
 * each guard's `passed()` runs (not in dry-run).
 */
export class GuardChain {
  /** The list of each command, made once (per list of its own guards). */
  private readonly lists = new WeakMap<RegisteredCommand, { own: readonly Guard[]; all: readonly Guard[]; told: readonly Guard[] }>();

  constructor(
    private readonly before: readonly Guard[],
    private readonly global: readonly Guard[],
    private readonly after: readonly Guard[],
  ) {}

  /** The guards asked for a command, in order. */
  guardsOf(command: RegisteredCommand): readonly Guard[] {
    return this.listOf(command).all;
  }

  private listOf(command: RegisteredCommand): { all: readonly Guard[]; told: readonly Guard[] } {
    const known = this.lists.get(command);
    if (known && known.own === command.guards) return known;
    const all = Object.freeze([...this.before, ...this.global, ...command.guards, ...this.after]);
    // the guards that want to hear that a run passed (the cooldown): the others are not called for nothing
    const entry = { own: command.guards, all, told: Object.freeze(all.filter((g) => typeof g.passed === 'function')) };
    this.lists.set(command, entry);
    return entry;
  }

  /** The first refusal, or null when every guard said ok (and, unless dry-run, each was told it passed). */
  async check(input: GuardInput & { readonly command: RegisteredCommand }): Promise<GuardRefusal | null> {
    return this.checkNow(input);
  }

  /**
   * `check()` without a promise when every guard answers at once (most do), so a command that
   * passes runs in the same turn as its message: no hop through the microtask queue behind the
   * other events of the frame (docs/design/latency.md). A guard that returns a promise makes the
   * rest asynchronous, in the same order.
   */
  checkNow(input: GuardInput & { readonly command: RegisteredCommand }): GuardRefusal | null | Promise<GuardRefusal | null> {
    const list = this.listOf(input.command);
    const guards = list.all;
    for (let i = 0; i < guards.length; i++) {
      const answer = guards[i].check(input);
      if (isThenable(answer)) return this.finish(guards, i, answer, input);
      if (!answer.ok) return answer;
    }
    this.passed(list.told, input);
    return null;
  }

  private async finish(
    guards: readonly Guard[], from: number, pending: PromiseLike<GuardResult>, input: GuardInput & { readonly command: RegisteredCommand },
  ): Promise<GuardRefusal | null> {
    const first = await pending;
    if (!first.ok) return first;
    for (let i = from + 1; i < guards.length; i++) {
      const answer = guards[i].check(input);
      const r = isThenable(answer) ? await answer : answer;
      if (!r.ok) return r;
    }
    this.passed(this.listOf(input.command).told, input);
    return null;
  }

  private passed(guards: readonly Guard[], input: GuardInput): void {
    if (!input.dryRun) for (const g of guards) g.passed?.(input);
  }
}

export function isThenable<T>(v: T | PromiseLike<T>): v is PromiseLike<T> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}
