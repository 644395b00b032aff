import type { IncomingHttpHeaders } from 'node:http';

/**
 * The headers Redunda stores with a posted event: every Rack `HTTP_*` variable, renamed by dropping
 * `HTTP_`, dropping a trailing `_ID` word and title-casing the words joined by `-`
 * (`X-GitHub-Event` → `X-Github-Event`, `X-Request-Id` → `X-Request`). `Content-Type` and
 * `Content-Length` are not `HTTP_*` variables in Rack and are never stored.
 */
export function storedEventHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === 'content-type' || lower === 'content-length') continue;
    out[railsHeaderName(name)] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function railsHeaderName(name: string): string {
  let words = name.toUpperCase().replace(/-/g, '_').split('_').filter((w) => w.length > 0);
  if (words.length > 1 && words[words.length - 1] === 'ID') words = words.slice(0, -1);
  return words.map((w) => w.charAt(0) + w.slice(1).toLowerCase()).join('-');
}
