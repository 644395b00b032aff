/** The longest single-line message the chat server accepts (§7.1), in UTF-16 code units. */
export const SINGLE_LINE_LIMIT = 500;

/** Spans that must not be split: markdown links `[text](url)` and code spans `` `x` ``. */
const ATOM = /\[(?:[^\]\\]|\\.)*\]\((?:[^()\s]|\([^()\s]*\))*\)|(`+)[\s\S]*?\1/g;

/** True for a fixed-font message: every line starts with four spaces. */
export function isFixedFont(text: string): boolean {
  return text.split('\n').every((l) => l.startsWith('    '));
}

/**
 * Splits a single-line text longer than `limit` into messages of at most `limit` characters, at word
 * boundaries (the whitespace run at a split point is removed), never inside a markdown link or a
 * code span. Multi-line text and fixed-font blocks are returned whole (the limit does not apply to
 * multi-line messages). A word or atom longer than the limit is cut hard — text is never dropped.
 */
export function splitMessage(text: string, limit = SINGLE_LINE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  if (text.length <= limit || text.includes('\n') || isFixedFont(text)) return [text];

  // protected ranges
  const atoms: [number, number][] = [];
  for (const m of text.matchAll(ATOM)) atoms.push([m.index, m.index + m[0].length]);
  const inAtom = (i: number): boolean => atoms.some(([s, e]) => i > s && i < e);

  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    // skip leading whitespace of the chunk only when it is a split separator (handled below)
    if (text.length - start <= limit) {
      parts.push(text.slice(start));
      break;
    }
    // find the last whitespace at index ws with start < ws <= start+limit, not inside an atom
    let cut = -1;
    for (let i = start + limit; i > start; i--) {
      if (/\s/.test(text[i]!) && !inAtom(i) && !/\s/.test(text[i - 1]!)) {
        cut = i;
        break;
      }
    }
    if (cut === -1) {
      // no usable boundary: hard cut (avoid splitting a surrogate pair)
      let hard = start + limit;
      const c = text.charCodeAt(hard - 1);
      if (c >= 0xd800 && c <= 0xdbff && hard - 1 > start) hard--;
      parts.push(text.slice(start, hard));
      start = hard;
      continue;
    }
    parts.push(text.slice(start, cut));
    // drop the whitespace run at the split point
    let next = cut;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    start = next;
  }
  return parts.filter((p) => p.length > 0);
}
