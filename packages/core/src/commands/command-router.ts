import { DuplicateUsageError } from '../errors.js';
import { matchUsagePattern, parseUsagePattern, type UsagePattern } from './usage-pattern.js';

/** What the router needs to know about a command. */
export interface RoutableCommand {
  /** A name for error messages (the class name). */
  readonly name: string;
  readonly usages: readonly string[];
}

/** The outcome of routing: which command, which of its usages, and the arguments. */
export interface RouteMatch<C extends RoutableCommand> {
  readonly command: C;
  readonly usageIndex: number;
  readonly usage: UsagePattern;
  readonly args: string[];
}

interface Entry<C> {
  readonly command: C;
  readonly usageIndex: number;
  readonly usage: UsagePattern;
  readonly order: number;
}

/**
 * Routes the words of an addressed message to a command. Patterns are compiled once and indexed by
 * their first word, so a lookup only tries the usages that can possibly match. When several usages
 * match: most literal words first, then fewer variadics, then registration order.
 */
export class CommandRouter<C extends RoutableCommand> {
  private readonly byFirstWord = new Map<string, Entry<C>[]>();
  private readonly owners = new Map<string, C>();
  private readonly commandList: C[] = [];
  private order = 0;

  constructor(commands: readonly C[] = []) {
    for (const c of commands) this.add(c);
  }

  /** Adds a command; throws UsagePatternError or DuplicateUsageError naming the class. */
  add(command: C): void {
    const parsed = command.usages.map((u) => {
      try {
        return parseUsagePattern(u);
      } catch (err) {
        (err as Error).message = `${command.name}: ${(err as Error).message}`;
        throw err;
      }
    });
    const seen = new Set<string>();
    for (const p of parsed) {
      if (seen.has(p.normalized)) throw new DuplicateUsageError(`${command.name} lists the usage "${p.normalized}" twice`);
      seen.add(p.normalized);
      const owner = this.owners.get(p.normalized);
      if (owner) throw new DuplicateUsageError(`the usage "${p.normalized}" is declared by both ${owner.name} and ${command.name}`);
    }
    parsed.forEach((usage, usageIndex) => {
      this.owners.set(usage.normalized, command);
      const first = (usage.tokens[0] as { word: string }).word;
      const list = this.byFirstWord.get(first) ?? [];
      list.push({ command, usageIndex, usage, order: this.order++ });
      list.sort(compareEntries);
      this.byFirstWord.set(first, list);
    });
    this.commandList.push(command);
  }

  /** Every registered command in registration order. */
  get commands(): readonly C[] {
    return this.commandList;
  }

  /** Finds the best match for the words of a message, or undefined. */
  route(words: readonly string[]): RouteMatch<C> | undefined {
    if (words.length === 0) return undefined;
    const candidates = this.byFirstWord.get(words[0].toLowerCase());
    if (!candidates) return undefined;
    for (const e of candidates) {
      const args = matchUsagePattern(e.usage, words);
      if (args) return { command: e.command, usageIndex: e.usageIndex, usage: e.usage, args };
    }
    return undefined;
  }
}

function compareEntries<C>(a: Entry<C>, b: Entry<C>): number {
  return b.usage.literalCount - a.usage.literalCount || Number(a.usage.variadic) - Number(b.usage.variadic) || a.order - b.order;
}
