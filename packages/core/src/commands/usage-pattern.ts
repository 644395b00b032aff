import { UsagePatternError } from '../errors.js';
import { isArgWord, parseArgWord, type ArgSlot } from './args/arg-slot.js';

/** One word of a usage pattern: a literal command word (lower-cased) or one argument (`*`, or a named one such as `<user:user>`). */
export type UsageToken = { kind: 'literal'; word: string } | { kind: 'argument'; slot?: ArgSlot };

/** A parsed usage pattern such as `privilege * *`, `test ...` or `ban <user:user> [minutes:int]`. */
export interface UsagePattern {
  /** The pattern as written. */
  readonly source: string;
  /** The pattern normalised: single spaces, literal words lower-cased, arguments as `*` and `...`. Two usages are identical when this is equal. */
  readonly normalized: string;
  /** The words before an optional trailing `...`. The first one is always a literal. */
  readonly tokens: readonly UsageToken[];
  /** True when the pattern ends in `...` (any number of further arguments, zero included), or in an optional argument or a list. */
  readonly variadic: boolean;
  /** At most this many words after the tokens (an optional argument at the end: 1); undefined: no limit. */
  readonly maxExtra?: number;
  /** How many literal words the pattern has (the first tie-break). */
  readonly literalCount: number;
  /** The named arguments (`<name:type>`, `[name]`, …) in order; empty for a Botpy-style pattern. */
  readonly slots: readonly ArgSlot[];
}

const VARIADIC = '...';

/**
 * Parses one usage pattern. Words are separated by whitespace; `*` is exactly one argument; `...`
 * (last only) is any number of arguments. Named arguments (see arg-slot.ts): `<name>` or
 * `<name:type>` is one; `[name]`, `<name...>`, `[name...]`, `<name:text>` and `[name:text]` end the
 * pattern. A word that merely contains `*` or `...` (`**`, `a*`, `x...`) is refused instead of
 * silently becoming a literal.
 */
export function parseUsagePattern(source: string): UsagePattern {
  if (typeof source !== 'string') throw new UsagePatternError(`usage pattern must be a string, got ${typeof source}`);
  const words = source.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) throw new UsagePatternError('usage pattern is empty');
  const tokens: UsageToken[] = [];
  const slots: ArgSlot[] = [];
  let variadic = false;
  let maxExtra: number | undefined;
  let argCount = 0;
  words.forEach((word, i) => {
    const last = i === words.length - 1;
    if (word === VARIADIC) {
      if (!last) throw new UsagePatternError(`usage "${source}": "..." must be the last word`);
      variadic = true;
    } else if (word === '*') {
      tokens.push({ kind: 'argument' });
      argCount++;
    } else if (isArgWord(word)) {
      const slot = parseArgWord(word, argCount, source);
      if (slots.some((s) => s.name === slot.name)) throw new UsagePatternError(`usage "${source}": two arguments are called "${slot.name}"`);
      if (slot.mode !== 'one' && !last) throw new UsagePatternError(`usage "${source}": ${word} must be the last word (an optional argument, a list or a text ends the usage)`);
      slots.push(slot);
      if (slot.mode === 'one' && !(slot.type === 'message' && last)) {
        tokens.push({ kind: 'argument', slot });
        argCount++;
      } else if (slot.mode === 'list' || slot.mode === 'text') {
        tokens.push({ kind: 'argument', slot });
        variadic = true;
      } else {
        // [name], [name...], [name:text]; and a last <name:message>, which a reply may leave out
        variadic = true;
        if (slot.mode === 'one' || slot.mode === 'optional') maxExtra = 1;
      }
    } else if (/^[<[]|[>\]]$/.test(word)) {
      throw new UsagePatternError(`usage "${source}": "${word}" is half of a named argument; write it without spaces, like <name:type>`);
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
  return {
    source, normalized, tokens, variadic, literalCount: tokens.filter((t) => t.kind === 'literal').length, slots,
    ...(maxExtra !== undefined ? { maxExtra } : {}),
  };
}

/**
 * Matches the words of a message (the part after the bot's name) against a pattern.
 * Returns the arguments (case kept) or null. Literal words compare case-insensitively.
 */
export function matchUsagePattern(pattern: UsagePattern, words: readonly string[]): string[] | null {
  const n = pattern.tokens.length;
  if (pattern.variadic ? words.length < n : words.length !== n) return null;
  if (pattern.maxExtra !== undefined && words.length - n > pattern.maxExtra) return null;
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
