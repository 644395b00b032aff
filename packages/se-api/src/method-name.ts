import type { Params } from './types.js';

/**
 * The method a path belongs to, for backoff: id lists and other variable segments become `{ids}`,
 * e.g. `/questions/1;2;3/answers` → `/questions/{ids}/answers`, `/tags/js;ts/info` → `/tags/{tags}/info`.
 */
export function methodOf(path: string): string {
  const segs = normalizePath(path).split('/').slice(1);
  const out: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const prev = segs[i - 1];
    if (/^[\d;]+$/.test(seg)) out.push('{ids}');
    else if (prev === 'tags' && i === 1 && segs.length > 2) out.push('{tags}');
    else if (prev === 'filters' && seg !== 'create') out.push('{filters}');
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** A path with one leading slash and no trailing one. */
export function normalizePath(path: string): string {
  const p = '/' + path.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  return p;
}

/** Encodes parameters: arrays joined with `;`, dates as Unix seconds; undefined/null left out. */
export function encodeParams(params: Params): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (v instanceof Date) q.set(k, String(Math.floor(v.getTime() / 1000)));
    else if (Array.isArray(v)) q.set(k, v.join(';'));
    else q.set(k, String(v));
  }
  return q;
}

/** Splits ids into batches of at most `size` (the API takes up to 100 per call). */
export function batches<T>(ids: readonly T[], size = 100): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
