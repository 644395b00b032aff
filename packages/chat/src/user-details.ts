import { parseHtml as parse } from './commonjs-packages.js';
import type { ChatSession } from './chat-session.js';
import { ChatRequestError } from './errors.js';

/** A chat profile (`/users/{id}`), as ChatExchange's `get_profile` reads it, plus the about text. */
export interface UserDetails {
  id: number;
  name: string;
  isModerator: boolean;
  /** Reputation on the parent site; -1 when the page does not show it. */
  reputation: number;
  messageCount: number;
  roomCount: number;
  /** Seconds since the last message / since last seen ("5m ago"); null when unknown ("n/a"). */
  lastMessageAgoSeconds: number | null;
  lastSeenAgoSeconds: number | null;
  /** The "about" text of the profile ('' when empty). */
  about: string;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, y: 31_536_000 };

/** "5m ago", "2h ago", "3d ago", "just now" → seconds; null for anything else ("n/a"). */
export function parseAgo(s: string): number | null {
  const t = s.trim().toLowerCase();
  if (t === 'just now') return 0;
  const m = /^(\d+)\s*([smhdy])[a-z]*\s+ago$/.exec(t);
  return m ? Number(m[1]) * UNITS[m[2]!]! : null;
}

/** Reads a `/users/{id}` page. */
export function parseUserPage(html: string, id: number): UserDetails {
  const root = parse(html);
  const num = (sel: string): number => {
    const n = Number((root.querySelector(sel)?.text ?? '').replace(/[^\d-]/g, ''));
    return Number.isFinite(n) ? n : 0;
  };
  const cells = new Map<string, string>();
  const keys = root.querySelectorAll('.user-keycell');
  const values = root.querySelectorAll('.user-valuecell');
  keys.forEach((k, i) => cells.set(k.text.trim().toLowerCase(), values[i]?.text.trim() ?? ''));
  const rep = root.querySelector('.reputation-score')?.getAttribute('title');
  return {
    id,
    name: (root.querySelector('h1')?.text ?? '').trim(),
    isModerator: (root.querySelector('.user-status')?.text ?? '').includes('\u2666'),
    reputation: rep !== undefined && /^-?\d+$/.test(rep.replace(/,/g, '')) ? Number(rep.replace(/,/g, '')) : -1,
    messageCount: num('.user-message-count-xxl'),
    roomCount: num('.user-room-count-xxl'),
    lastMessageAgoSeconds: parseAgo(cells.get('last message') ?? ''),
    lastSeenAgoSeconds: parseAgo(cells.get('last seen') ?? ''),
    about: cells.get('about') ?? '',
  };
}

/** Fetches `/users/{id}`; 404 → a ChatRequestError with status 404. */
export async function fetchUserDetails(session: ChatSession, id: number): Promise<UserDetails> {
  const res = await session.get(`/users/${id}`, 'GET /users/:id');
  if (res.status !== 200) throw new ChatRequestError('GET /users/:id', res.status === 404 ? `user ${id} not found` : `HTTP ${res.status}`, res.status);
  return parseUserPage(res.body, id);
}
