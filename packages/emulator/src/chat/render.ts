import { escapeHtml, pingName } from './text-util.js';

/**
 * Renders message source the way SE chat does (spec §6.4, §7.2): inline markdown on single-line
 * messages, `<div class='full'>… <br> …</div>` for multi-line ones (escaping only), and
 * `<pre class='full'>…</pre>` when every line is indented by four spaces (fixed font).
 * `replyTo` is the parent author's display name: replies render as `@Name rest`.
 */
export function renderMessage(body: string, replyTo?: string, partialAfterChars: number | null = null): string {
  const prefix = replyTo === undefined ? '' : `@${escapeHtml(pingName(replyTo))} `;
  const cut = partialAfterChars !== null && body.includes('\n') && body.length > partialAfterChars;
  const kind = cut ? 'partial' : 'full';
  const shown = (lines: string[]): string[] => (cut ? firstLines(lines, partialAfterChars) : lines);
  if (isFixedFont(body)) {
    const lines = shown(body.split('\n')).map((l) => escapeHtml(l.slice(4)));
    return `<pre class='${kind}'>${lines.join('\n')}</pre>`;
  }
  if (body.includes('\n')) {
    const lines = shown(body.split('\n')).map((l) => escapeHtml(l));
    return `<div class='${kind}'>${prefix}${lines.join(' <br> ')}</div>`;
  }
  return prefix + renderInline(body);
}

/** The leading lines that fit in `max` characters (at least the first line, itself cut to `max`). */
function firstLines(lines: string[], max: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const l of lines) {
    if (out.length > 0 && used + 1 + l.length > max) break;
    out.push(out.length === 0 ? l.slice(0, max) : l);
    used += (out.length > 1 ? 1 : 0) + l.length;
  }
  return out;
}

/** Every non-empty line starts with four spaces (the web client's "fixed font" button). */
export function isFixedFont(body: string): boolean {
  const lines = body.split('\n');
  return lines.some((l) => l.length > 0) && lines.every((l) => l.length === 0 || l.startsWith('    '));
}

const LINK_REL = 'nofollow noopener noreferrer';
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** Inline markdown subset: `**b**`, `__b__`, `*i*`, `_i_`, `` `code` ``, `---strike---`, `[text](url)`, bare URLs, backslash escapes. */
export function renderInline(src: string): string {
  const held: string[] = [];
  const hold = (html: string): string => `${OPEN}${held.push(html) - 1}${CLOSE}`;
  let s = src.replace(/[\uE000\uE001]/g, '');
  // backslash escapes keep the character literal
  s = s.replace(/\\([`*_()[\]\\-])/g, (_m, c: string) => hold(escapeHtml(c)));
  // code spans: content is escaped, never formatted
  s = s.replace(/`([^`]+)`/g, (_m, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  // [text](url)
  s = s.replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, text: string, url: string) =>
    hold(`<a href="${escapeHtml(url)}" rel="${LINK_REL}">${formatEmphasis(escapeHtml(text))}</a>`),
  );
  // bare URLs
  s = s.replace(/\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g, (url: string) =>
    hold(`<a href="${escapeHtml(url)}" rel="${LINK_REL}">${escapeHtml(url)}</a>`),
  );
  s = formatEmphasis(escapeHtml(s));
  // restore held fragments (they may nest: a link holds escaped characters)
  const restore = (x: string): string => x.replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_m, i: string) => restore(held[Number(i)] ?? ''));
  return restore(s);
}

function formatEmphasis(s: string): string {
  return s
    .replace(/---(?=\S)(.+?)(?<=\S)---/g, '<strike>$1</strike>')
    .replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '<b>$1</b>')
    .replace(/(^|[^\p{L}\p{N}_])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}_])/gu, '$1<b>$2</b>')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '<i>$1</i>')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1<i>$2</i>');
}

/** Plain text of rendered content (spec §6.4 algorithm): used by the browser page and tests. */
export function htmlToText(html: string): string {
  let s = html.replace(/^<(div|pre) class='(full|partial)'>([\s\S]*)<\/\1>$/, '$3');
  s = s.replace(/ <br> /g, '\n').replace(/<[^>]*>/g, '');
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
