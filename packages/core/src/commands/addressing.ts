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

/** What `address()` knows about the message besides its text. */
export interface AddressingContext {
  /** The message replies to one of the bot's messages (chat renders the reply as `@BotName rest`). */
  readonly isReplyToBot: boolean;
  /** The message is an explicit reply to anyone (chat renders `@ParentAuthor rest`). */
  readonly isReply?: boolean;
  /**
   * The HTML the server rendered. When given, only what chat itself would treat as a ping counts:
   * a fixed-font message (`<pre>`) never addresses the bot, and neither does a ping inside a code
   * span (`<code>`) or a link's text (`<a>`).
   */
  readonly html?: string;
}

const NOT_A_WORD = '\u0000';
const NOT_ADDRESSED: Addressing = { addressed: false, words: [] };

/**
 * Decides whether a message addresses the bot, the way chat decides whom a message pings:
 * - a message starting with `@` + a prefix (≥ 3 letters) of one of `names`;
 * - a reply to one of the bot's messages (its leading `@BotName` is dropped);
 * - a reply to anyone that then pings the bot (`:1001 @TestBot echo x`, rendered
 *   `@Parent @TestBot echo x`): one command, both leading words dropped.
 * With `html`, code spans, code blocks and link text never address the bot.
 * (The older form `address(text, names, isReplyToBot)` is still accepted.)
 */
export function address(text: string, names: readonly string[], context: AddressingContext | boolean): Addressing {
  const c: AddressingContext = typeof context === 'boolean' ? { isReplyToBot: context } : context;
  const reply = c.isReplyToBot || c.isReply === true;
  // fast path (most messages): neither a reply nor starting with `@`
  if (!reply && text.trimStart()[0] !== '@') return NOT_ADDRESSED;
  const words = splitWords(text);
  // The leading words as chat sees them: code and link text masked; fixed font pings nobody.
  let lead = words;
  // HTML without a tag or an entity (most pings: `@Bot echo x`) is its own ping view
  if (c.html && (c.html.includes('<') || c.html.includes('&'))) {
    if (/^\s*<pre\b/i.test(c.html)) return NOT_ADDRESSED;
    lead = splitWords(pingView(c.html));
  } else if (c.html && c.html !== text) {
    lead = splitWords(c.html);
  }
  // A reply starts with the rendered `@ParentAuthor`; a ping of the bot may follow it.
  const skip = reply && lead.length > 0 && lead[0].startsWith('@') ? 1 : 0;
  const pinged = lead.length > skip && isPingOf(lead[skip], names);
  if (!pinged && !c.isReplyToBot) return NOT_ADDRESSED;
  // Drop the same leading words from the text (a cut-off message completed from its source lacks the reply's `@Name`).
  let i = 0;
  for (const t of lead.slice(0, pinged ? skip + 1 : skip)) if (words[i] === t) i++;
  return { addressed: true, words: words.slice(i) };
}

function splitWords(s: string): string[] {
  return s.trim().split(/\s+/).filter((w) => w.length > 0);
}

/**
 * The text of a message's HTML with every code span and link replaced by a marker that is not a
 * ping: what is left is what chat would read pings from.
 */
export function pingView(html: string): string {
  return decodeEntities(
    html
      .replace(/<code\b[^>]*>[\s\S]*?<\/code>/gi, ` ${NOT_A_WORD} `)
      .replace(/<a\b[^>]*>[\s\S]*?<\/a>/gi, ` ${NOT_A_WORD} `)
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<[^>]*>/g, ''),
  );
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
