import { UsagePatternError } from '../../errors.js';

/**
 * How a named argument takes its words:
 * - `one`: exactly one word (`<name>`, `<name:type>`);
 * - `optional`: one word or none, last only (`[name]`, `[name:type]`);
 * - `list`: one or more words, last only (`<name...>`), a list of values;
 * - `list0`: any number of words, last only (`[name...]`), a list of values;
 * - `text`: the rest of the message as one string, at least one word (`<name:text>`);
 * - `text0`: the rest of the message or nothing (`[name:text]`).
 */
export type ArgMode = 'one' | 'optional' | 'list' | 'list0' | 'text' | 'text0';

/** A named (and typed) argument of a usage, as written: `<minutes:int(1..1440)>` is `{ name: 'minutes', type: 'int', option: '1..1440' }`. */
export interface ArgSlot {
  readonly name: string;
  /** The type's name (`int`, `user`, `choice` for `a|b`, or an app's own type). None given: the built-in type the argument is named after (`<user>`, `<duration>`), else `string`. */
  readonly type: string;
  /** What follows the type in parentheses (`1..1440`), or the choices of `a|b` (`a|b`); undefined when none. */
  readonly option?: string;
  readonly mode: ArgMode;
  /** Index in `ctx.args` of the slot's first word. */
  readonly from: number;
  /** The word as written in the usage. */
  readonly source: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Built-in types an argument has when it is named after one and given no type: `<user>`, `<duration>`, `[text]` (`<text...>` too). */
const IMPLIED_TYPES: ReadonlySet<string> = new Set(['int', 'number', 'text', 'duration', 'user', 'room', 'url']);

/** Whether a usage word is a named argument (`<…>` or `[…]`). */
export function isArgWord(word: string): boolean {
  return (word.startsWith('<') && word.endsWith('>')) || (word.startsWith('[') && word.endsWith(']'));
}

/**
 * Reads one named argument word of a usage (`<user:user>`, `[reason:text]`, `<ids:int...>`,
 * `<mode:soft|hard>`, `<n:int(1..10)>`). `from` is its index among the usage's arguments.
 */
export function parseArgWord(word: string, from: number, usage: string): ArgSlot {
  const optional = word.startsWith('[');
  let inner = word.slice(1, -1);
  let list = false;
  for (const dots of ['...', '…']) {
    if (inner.endsWith(dots)) {
      inner = inner.slice(0, -dots.length);
      list = true;
    }
  }
  const colon = inner.indexOf(':');
  const name = colon < 0 ? inner : inner.slice(0, colon);
  let type = colon < 0 ? (IMPLIED_TYPES.has(name) ? name : 'string') : inner.slice(colon + 1);
  const bad = (why: string) => new UsagePatternError(`usage "${usage}": ${word} ${why}`);
  if (!NAME.test(name)) throw bad('needs a name of letters, digits and _ (e.g. <minutes:int>)');
  let option: string | undefined;
  const paren = /^([A-Za-z_][\w-]*)\((.*)\)$/.exec(type);
  if (paren) {
    type = paren[1]!;
    option = paren[2]!;
  } else if (type.includes('|')) {
    option = type;
    type = 'choice';
    if (option.split('|').some((c) => c.length === 0)) throw bad('has an empty choice (write <mode:soft|hard>)');
  }
  if (!/^[A-Za-z_][\w-]*$/.test(type)) throw bad(`has a malformed type "${type}"`);
  if (type === 'text' && list && colon >= 0) throw bad('is already the rest of the message: write <name:text> or [name:text], without "..."');
  const mode: ArgMode = type === 'text' ? (optional ? 'text0' : 'text') : list ? (optional ? 'list0' : 'list') : optional ? 'optional' : 'one';
  return { name, type, mode, from, source: word, ...(option !== undefined ? { option } : {}) };
}
