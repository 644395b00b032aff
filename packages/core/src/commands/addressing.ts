/** Minimum number of characters after `@` for a ping to address the bot. */
export const MIN_PING_PREFIX = 3;

/** Removes spaces and lower-cases a name, the way chat pings compare names. */
export function pingForm(name: string): string {
  let form = pingForms.get(name);
  if (form === undefined) {
    form = name.replace(/\s+/g, '').toLowerCase();
    if (pingForms.size < 1024) pingForms.set(name, form);
  }
  return form;
}
// The bot's names and aliases are few and fixed: their ping forms are computed once, not per message.
const pingForms = new Map<string, string>();

/**
 * True when `word` (the first word of a message, e.g. `@tes` or `@TestBot,`) pings one of `names`:
 * `@` + a case-insensitive prefix of at least three characters of a name with spaces removed.
 * Punctuation right after the ping (`@bot,` `@bot:`) is ignored.
 */
export function isPingOf(word: string, names: readonly string[]): boolean {
  if (!word.startsWith('@')) return false;
  const prefix = word.slice(1).replace(/[,:;.!?]+$/, '').toLowerCase();
  if (prefix.length < MIN_PING_PREFIX) return false;
  return names.some((n) => pingForm(n).startsWith(prefix));
}

/** The result of looking at a message: is it for the bot, and what are the command words. */
export interface Addressing {
  readonly addressed: boolean;
  /** The words after the ping (or after the reply's leading `@Name`); empty when not addressed. */
  readonly words: string[];
}

/**
 * Decides whether a message addresses the bot. `isReplyToBot` is true when the message replies to
 * one of the bot's messages; then a leading `@Name` (how chat renders replies) is dropped.
 */
export function address(text: string, names: readonly string[], isReplyToBot: boolean): Addressing {
  if (!isReplyToBot && text.trimStart()[0] !== '@') return { addressed: false, words: [] };
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length > 0 && isPingOf(words[0], names)) return { addressed: true, words: words.slice(1) };
  if (isReplyToBot) return { addressed: true, words: words.length > 0 && words[0].startsWith('@') ? words.slice(1) : words };
  return { addressed: false, words: [] };
}
