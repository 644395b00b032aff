import { closestMatches } from '../text/closest-match.js';
import type { RegisteredCommand } from './command-manager.js';
import { commandUsages } from './usage-text.js';
import { parseUsagePattern } from './usage-pattern.js';

/** Why an addressed message matched no command, and what to tell its author. */
export type UnmatchedHint =
  /** The words name a command (its leading literal words) but the arguments do not fit. */
  | { kind: 'usage'; command: RegisteredCommand; text: string }
  /** No command has that name, but one is near (a typo). */
  | { kind: 'did-you-mean'; word: string; /** every command word as near as `word` (it included) */ words: string[] }
  | { kind: 'unknown' };

/**
 * Explains an unmatched message: the command its first words name (when the literal words of one of
 * its usages lead the message), else the nearest command word to its first word.
 * `address` is how to address the bot in the reply (`@TestBot`).
 */
export function unmatchedHint(words: readonly string[], commands: readonly RegisteredCommand[], address: string): UnmatchedHint {
  if (words.length === 0) return { kind: 'unknown' };
  const lower = words.map((w) => w.toLowerCase());
  let best: { command: RegisteredCommand; literals: number } | undefined;
  for (const c of commands) {
    for (const u of c.usages) {
      const p = parseUsagePattern(u);
      let k = 0;
      while (k < p.tokens.length && p.tokens[k]!.kind === 'literal' && (p.tokens[k] as { word: string }).word === lower[k]) k++;
      if (k >= 1 && (!best || k > best.literals)) best = { command: c, literals: k };
    }
  }
  if (best) {
    // the usages that start with the word the author typed (`addpriv …` for `addpriv`)
    const all = commandUsages(best.command);
    const named = all.filter((u) => u.split(' ')[0] === lower[0]);
    return { kind: 'usage', command: best.command, text: `usage: ${(named.length ? named : all).map((u) => `${address} ${u}`).join(' or ')}` };
  }
  const words0 = new Set(commands.flatMap((c) => c.usages.map((u) => parseUsagePattern(u).tokens[0]).map((t) => (t as { word: string }).word)));
  const near = closestMatches(lower[0]!, words0);
  return near.length ? { kind: 'did-you-mean', word: near[0]!, words: near } : { kind: 'unknown' };
}
