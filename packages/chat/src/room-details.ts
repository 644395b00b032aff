import { parseHtml as parse, type HTMLElement } from './commonjs-packages.js';
import type { ChatSession } from './chat-session.js';
import { ChatRequestError, RoomAccessError } from './errors.js';

/** A person on a room info page. */
export interface RoomCardUser {
  id: number;
  name: string;
  isModerator: boolean;
}

/** A room as its info page (`/rooms/info/{room}`) shows it, as ChatExchange's `get_room_info` reads it. */
export interface RoomDetails {
  id: number;
  name: string;
  description: string;
  messageCount: number;
  userCount: number;
  /** Name of the parent site (the image title on the room card), or null. */
  parentSite: string | null;
  tags: string[];
  owners: RoomCardUser[];
  /** Users currently in the room (the `users=current` tab). */
  currentUsers: RoomCardUser[];
}

function card(c: HTMLElement): RoomCardUser | undefined {
  let id: number | undefined;
  const m = /-user-(-?\d+)$/.exec(c.getAttribute('id') ?? '');
  if (m) id = Number(m[1]);
  const link = c.querySelector('a[href^="/users/"]');
  if (id === undefined) {
    const lm = /^\/users\/(-?\d+)/.exec(link?.getAttribute('href') ?? '');
    if (lm) id = Number(lm[1]);
  }
  if (id === undefined) return undefined;
  const name = c.querySelector('.user-header')?.getAttribute('title') ?? c.querySelector('.username')?.text ?? link?.getAttribute('title') ?? link?.text ?? '';
  return { id, name: name.trim(), isModerator: c.querySelector('.moderator') !== null };
}

const count = (el: HTMLElement | null): number => {
  const n = Number((el?.querySelector('a')?.text ?? el?.text ?? '').replace(/[^\d]/g, ''));
  return Number.isFinite(n) ? n : 0;
};

/** Reads a room info page. */
export function parseRoomInfo(html: string, id: number): RoomDetails {
  const root = parse(html);
  const cards = (sel: string): RoomCardUser[] => root.querySelectorAll(sel).map(card).filter((u): u is RoomCardUser => u !== undefined);
  return {
    id,
    name: (root.querySelector('h1')?.text ?? '').trim(),
    description: (root.querySelector('.roomcard-xxl p')?.text ?? '').trim(),
    messageCount: count(root.querySelector('.room-message-count-xxl')),
    userCount: count(root.querySelector('.room-user-count-xxl')),
    parentSite: root.querySelector('.roomcard-xxl img')?.getAttribute('title') ?? null,
    tags: root.querySelectorAll('.roomcard-xxl .tag').map((t) => t.text.trim()),
    owners: cards('#room-ownercards .usercard'),
    currentUsers: cards('#room-usercards .usercard'),
  };
}

/** Fetches `/rooms/info/{room}?tab=general&users=current`. */
export async function fetchRoomDetails(session: ChatSession, id: number): Promise<RoomDetails> {
  const res = await session.get(`/rooms/info/${id}`, 'GET /rooms/info/:room', { tab: 'general', users: 'current' });
  if (res.status === 404) throw new RoomAccessError('no-access', `room ${id} does not exist or is not accessible`);
  if (res.status !== 200) throw new ChatRequestError('GET /rooms/info/:room', `HTTP ${res.status}`, res.status);
  return parseRoomInfo(res.body, id);
}
