import { UsagePatternError } from '../errors.js';

/** One word of a usage pattern: a literal command word (lower-cased) or `*` (exactly one argument). */
export type UsageToken = { kind: 'literal'; word: string } | { kind: 'argument' };

/** A parsed usage pattern such as `privilege * *` or `test ...`. */
export interface UsagePattern {
  /** The pattern as written. */
  readonly source: string;
  /** The pattern normalised: single spaces, literal words lower-cased. Two usages are identical when this is equal. */
  readonly normalized: string;
  /** The words before an optional trailing `...`. The first one is always a literal. */
  readonly tokens: readonly UsageToken[];
  /** True when the pattern ends in `...` (any number of further arguments, zero included). */
  readonly variadic: boolean;
  /** How many literal words the pattern has (the first tie-break). */
  readonly literalCount: number;
}

const VARIADIC = '...';

/**
 * Parses one usage pattern. Words are separated by whitespace; `*` is exactly one argument; `...`
 * (last only) is any number of arguments. A word that merely contains `*` or `...` (`**`, `a*`,
 * `x...`) is refused instead of silently becoming a literal.
 */
export function parseUsagePattern(source: string): UsagePattern {
  if (typeof source !== 'string') throw new UsagePatternError(`usage pattern must be a string, got ${typeof source}`);
  const words = source.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) throw new UsagePatternError('usage pattern is empty');
  const tokens: UsageToken[] = [];
  let variadic = false;
  words.forEach((word, i) => {
    if (word === VARIADIC) {
      if (i !== words.length - 1) throw new UsagePatternError(`usage "${source}": "..." must be the last word`);
      variadic = true;
    } else if (word === '*') {
      tokens.push({ kind: 'argument' });
    } else if (word.includes('*')) {
      throw new UsagePatternError(`usage "${source}": "${word}" glues "*" to other characters; separate every "*" with spaces`);
    } else if (word.includes(VARIADIC)) {
      throw new UsagePatternError(`usage "${source}": "${word}" glues "..." to other characters; write it as a separate last word`);
    } else {
      tokens.push({ kind: 'literal', word: word.toLowerCase() });
    }
  });
  if (tokens.length === 0 || tokens[0].kind !== 'literal') {
    throw new UsagePatternError(`usage "${source}": must start with a command word`);
  }
  const normalized = [...tokens.map((t) => (t.kind === 'literal' ? t.word : '*')), ...(variadic ? [VARIADIC] : [])].join(' ');
  return { source, normalized, tokens, variadic, literalCount: tokens.filter((t) => t.kind === 'literal').length };
}

/**
 * Matches the words of a message (the part after the bot's name) against a pattern.
 * Returns the arguments (case kept) or null. Literal words compare case-insensitively.
 */
export function matchUsagePattern(pattern: UsagePattern, words: readonly string[]): string[] | null {
  const n = pattern.tokens.length;
  if (pattern.variadic ? words.length < n : words.length !== n) return null;
  const args: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = pattern.tokens[i];
    if (t.kind === 'literal') {
      if (words[i].toLowerCase() !== t.word) return null;
    } else {
      args.push(words[i]);
    }
  }
  for (let i = n; i < words.length; i++) args.push(words[i]);
  return args;
}
