import { decodeHTML } from 'entities';

/** Fields the API returns HTML-encoded under a safe filter (titles, names, markdown sources). */
export const ENCODED_FIELDS: ReadonlySet<string> = new Set([
  'title', 'display_name', 'body_markdown', 'location', 'excerpt', 'name', 'last_title', 'audience', 'site_name', 'owner_display_name',
]);

/**
 * Adds `<field>_text` next to every encoded string field, recursively (owners, nested answers):
 * entities decoded under a safe filter, a plain copy under an unsafe one (already unencoded).
 */
export function addTextTwins<T>(value: T, unsafe = false): T {
  if (Array.isArray(value)) {
    for (const v of value) addTextTwins(v, unsafe);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const v = o[key];
      if (typeof v === 'string') {
        if (ENCODED_FIELDS.has(key) && !(`${key}_text` in o)) o[`${key}_text`] = unsafe ? v : decodeHTML(v);
      } else if (v !== null && typeof v === 'object') {
        addTextTwins(v, unsafe);
      }
    }
  }
  return value;
}

/** Decodes HTML entities (`&amp;`, `&#39;`, `&quot;`…). */
export function decodeEntities(s: string): string {
  return decodeHTML(s);
}
