import { randomBytes } from 'node:crypto';

/** Random lowercase hex of `bytes * 2` characters. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Entity-escape text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** URL slug of a display name, as in `/users/{id}/{slug}`. */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'user';
}

/** A display name with its spaces removed, as used in `@Name` pings and reply prefixes. */
export function pingName(name: string): string {
  return name.replace(/\s+/g, '');
}
