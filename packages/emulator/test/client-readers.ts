/**
 * How three known third-party clients read chat pages, restated with node-html-parser: the same
 * selectors, the same conversions, the same failure points (an `int()` that raises, a tuple unpack
 * that needs exactly one element, a `Number()` that gives NaN). Each reader throws where its client
 * would crash, and returns what the client would get. Sources (read, not copied):
 *
 * - ChatExchange (Python, Manishearth/ChatExchange `chatexchange/browser.py`): `_load_fkey`,
 *   `_load_user`, `get_room_info`, `get_profile`, `get_current_users_in_room`, `get_history`,
 *   `_get_pin_data`, `_get_star_data`, `get_transcript_with_message`, `login_site_with_cookie`.
 * - samliew/chatexchange (TypeScript, `src/Browser.ts`): `loginCookie`, `#loadFKey`, `#loadUser`,
 *   `listUsers`, `getProfile` (with `parseAgoString`), `getTranscript`.
 * - sochat4j (Java, mangstadt/sochat4j `ChatClient.java`, `Room.java`): `parseFKey`, the topbar
 *   user link, and the room page (`#input`, "Private Room").
 */
import { parse, type HTMLElement } from 'node-html-parser';

export class ClientCrash extends Error {}

function crash(client: string, what: string): never {
  throw new ClientCrash(`${client} would fail: ${what}`);
}

/** Python's int() of a string: optional surrounding whitespace, an optional sign, digits. */
export function pyInt(s: string | undefined, where: string): number {
  if (s === undefined || !/^\s*[-+]?\d+\s*$/.test(s)) crash('ChatExchange', `int(${JSON.stringify(s)}) at ${where}`);
  return Number(s.trim());
}

/** JavaScript Number() of a text, as samliew's client converts counts (NaN is the failure). */
function jsNumber(s: string, where: string): number {
  const n = Number(s);
  if (Number.isNaN(n)) crash('samliew', `Number(${JSON.stringify(s)}) is NaN at ${where}`);
  return n;
}

/** `chatexchange._utils.parse_last_seen` */
export function parseLastSeen(text: string): number {
  const suffixes: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, y: 31536000 };
  if (text === 'n/a') return -1;
  if (text === 'just now') return 0;
  const splat = text.split(' ');
  if (splat.length !== 2) crash('ChatExchange', `parse_last_seen(${JSON.stringify(text)}): not "<x> ago"`);
  const unit = splat[0]!.slice(-1);
  if (!(unit in suffixes)) crash('ChatExchange', `parse_last_seen(${JSON.stringify(text)}): unit`);
  return pyInt(splat[0]!.slice(0, -1), 'parse_last_seen') * suffixes[unit]!;
}

/** samliew `parseAgoString` */
export function parseAgoString(text: string): number {
  if (text === 'n/a') return -1;
  if (text === 'just now') return 0;
  const [str] = text.split(' ');
  const suffixes: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, y: 31536000 };
  const unit = str!.slice(-1);
  if (!(unit in suffixes)) crash('samliew', `Suffix Character Unrecognized in ${JSON.stringify(text)}`);
  return parseInt(str!.slice(0, -1), 10) * suffixes[unit]!;
}

/** `user_id_and_name_from_link`: text, and the path segment after `users`. */
function ceLink(a: HTMLElement | undefined, where: string): { id: number; name: string } {
  if (!a) crash('ChatExchange', `no link at ${where}`);
  const parts = (a.getAttribute('href') ?? '').split('/');
  const i = parts.indexOf('users');
  if (i < 0) crash('ChatExchange', `no "users" segment in the link at ${where}`);
  return { id: pyInt(parts[i + 1], where), name: a.text };
}

const one = (els: HTMLElement[], where: string): HTMLElement => {
  if (els.length !== 1) crash('ChatExchange', `expected exactly one ${where}, found ${els.length}`);
  return els[0]!;
};

// ---------------- ChatExchange (Python) ----------------

export const chatExchange = {
  /** `_load_fkey` + `_load_user` (the /chats/join/favorite page). */
  favorite(html: string): { fkey: string; userId: number; userName: string } {
    const root = parse(html);
    const fkey = root.querySelector('input[name=fkey]')?.getAttribute('value');
    if (!fkey) crash('ChatExchange', 'fkey missing');
    const u = ceLink(root.querySelectorAll('.topbar-menu-links a')[0], '.topbar-menu-links a');
    return { fkey, userId: u.id, userName: u.name };
  },
  roomInfo(html: string) {
    const root = parse(html);
    const h1 = root.querySelector('h1');
    if (!h1) crash('ChatExchange', 'no h1');
    const p = root.querySelectorAll('.roomcard-xxl p')[0];
    if (!p) crash('ChatExchange', 'no .roomcard-xxl p');
    const owners = root.querySelectorAll('#room-ownercards .usercard').map((card) => ceLink(card.querySelector('a') ?? undefined, 'owner card'));
    return {
      name: h1.text,
      description: p.innerHTML.trim(),
      messageCount: pyInt(root.querySelectorAll('.room-message-count-xxl')[0]?.text, '.room-message-count-xxl'),
      userCount: pyInt(root.querySelectorAll('.room-user-count-xxl')[0]?.text, '.room-user-count-xxl'),
      ownerIds: owners.map((o) => o.id),
      tags: root.querySelectorAll('.roomcard-xxl .tag').map((t) => t.text),
    };
  },
  profile(html: string) {
    const root = parse(html);
    const status = root.querySelectorAll('.user-status')[0];
    if (!status) crash('ChatExchange', 'no .user-status');
    const rep = root.querySelectorAll('.reputation-score');
    const cells = root.querySelectorAll('.user-valuecell');
    return {
      name: root.querySelector('h1')?.text ?? crash('ChatExchange', 'no h1'),
      isModerator: status.text.includes('♦'),
      messageCount: pyInt(root.querySelectorAll('.user-message-count-xxl')[0]?.text, '.user-message-count-xxl'),
      roomCount: pyInt(root.querySelectorAll('.user-room-count-xxl')[0]?.text, '.user-room-count-xxl'),
      reputation: rep.length > 0 ? pyInt(rep[0]!.getAttribute('title'), '.reputation-score[title]') : -1,
      lastMessage: cells.length >= 4 ? parseLastSeen(cells[1]!.text) : -1,
      lastSeen: cells.length >= 4 ? parseLastSeen(cells[2]!.text) : -1,
      statsCells: cells.length,
    };
  },
  /** `get_current_users_in_room` (post-2020 `div.js-present[data-users]`). */
  currentUsers(html: string): { id: number; name: string }[] {
    const div = parse(html).querySelector('div.js-present');
    if (!div) crash('ChatExchange', 'no div.js-present');
    return (JSON.parse(div.getAttribute('data-users') ?? '') as { id: number; name: string }[]).map((u) => ({ id: u.id, name: u.name }));
  },
  /** `_get_star_data` on a message or monologue. */
  stars(el: HTMLElement): { stars: number; pinned: boolean } {
    const s = el.querySelectorAll('.stars');
    if (s.length === 0) return { stars: 0, pinned: false };
    const star = one(s, '.stars');
    const times = star.querySelectorAll('.times');
    return { stars: times[0] && times[0].text ? pyInt(times[0].text, '.times') : 1, pinned: el.querySelectorAll('.stars.owner-star').length > 0 };
  },
  history(html: string, messageId: number) {
    const root = parse(html);
    const monologues = root.querySelectorAll('.monologue');
    const latest = monologues[0] ?? crash('ChatExchange', 'no .monologue');
    const a = latest.querySelectorAll('.message a')[0] ?? crash('ChatExchange', 'no .message a');
    if (pyInt(a.getAttribute('name'), '.message a[name]') !== messageId) crash('ChatExchange', 'assert message_id == page_message_id');
    const roomId = pyInt((a.getAttribute('href') ?? '').split('/').pop()!.split('?')[0], '.message a[href] room');
    const source = root.querySelectorAll('.monologue .message-source')[0] ?? crash('ChatExchange', 'no .message-source');
    const owner = ceLink(latest.querySelectorAll('.username a')[0], '.username a');
    let edits = 0;
    for (const m of monologues.slice(1)) {
      const b = m.querySelectorAll('b')[0] ?? crash('ChatExchange', 'no b in a revision');
      if (b.text === 'edited:') edits++;
    }
    const star = chatExchange.stars(latest);
    const pinners: number[] = [];
    if (star.pinned) {
      for (const p of root.querySelectorAll('#content p')) {
        if (p.querySelectorAll('.stars.owner-star').length === 0) break;
        pinners.push(ceLink(p.querySelectorAll('a')[0], 'pinner link').id);
      }
    }
    return { roomId, source: source.text.trim(), ownerId: owner.id, edits, ...star, pinners };
  },
  transcript(html: string) {
    const root = parse(html);
    const rooms = root.querySelectorAll('.room-name a');
    const room = rooms[rooms.length - 1] ?? crash('ChatExchange', 'no .room-name a');
    const roomId = pyInt((room.getAttribute('href') ?? '').split('/').slice(-2)[0], '.room-name a[href]');
    const messages = root.querySelectorAll('.monologue').flatMap((mono) => {
      const user = ceLink(one(mono.querySelectorAll('.signature .username a'), '.signature .username a'), 'monologue user');
      return mono.querySelectorAll('.message').map((m) => {
        const id = pyInt((m.getAttribute('id') ?? '').split('-')[1], '.message[id]');
        if (m.querySelectorAll('.content').length === 0) crash('ChatExchange', 'no .content');
        const reply = m.querySelectorAll('.reply-info');
        const parentId = reply.length > 0 ? pyInt(one(reply, '.reply-info').getAttribute('href')!.split('#').slice(1).join('#'), '.reply-info[href]') : undefined;
        return { id, userId: user.id, edited: m.querySelectorAll('.edits').length > 0, parentId, ...chatExchange.stars(m) };
      });
    });
    return { roomId, roomName: room.text, messages };
  },
  /** `login_site_with_cookie`: the Q&A login page shows `.my-profile` to a logged-in visitor. */
  loggedInOnLoginSite(html: string): boolean {
    return parse(html).querySelectorAll('.my-profile').length > 0;
  },
};

// ---------------- samliew/chatexchange (TypeScript, cheerio) ----------------

/** cheerio's `$(sel).text()`: the texts of every match, concatenated. */
const allText = (root: HTMLElement, sel: string): string => root.querySelectorAll(sel).map((e) => e.text).join('');

export const samliew = {
  /** `loginCookie`: `input[name=fkey]:not([value=''])` on the chat root. */
  cookieLoginOk(html: string): boolean {
    return parse(html)
      .querySelectorAll('input[name=fkey]')
      .some((i) => (i.getAttribute('value') ?? '') !== '');
  },
  /** `#loadUser`: `[, , userId, userName] = href.split('/')`. */
  user(html: string): { id: number; slug: string } {
    const href = parse(html).querySelector('.topbar-menu-links a')?.getAttribute('href') ?? '';
    const [, , id, slug] = href.split('/');
    return { id: jsNumber(id ?? '', '.topbar-menu-links a'), slug: slug ?? '' };
  },
  listUsers(html: string) {
    return parse(html)
      .querySelectorAll('#room-usercards .usercard')
      .flatMap((card) => {
        const name = (card.querySelector('.user-header')?.getAttribute('title') ?? '').replace(/\s\u2666$/, '');
        const link = card.querySelector('.user-header a[href*="/users/"]')?.getAttribute('href') ?? '';
        const id = /(\d+)/.exec(link)?.[1];
        if (id === undefined) return [];
        return [{ id: Number(id), name, isModerator: card.querySelectorAll('.user-header .moderator').length > 0 }];
      });
  },
  profile(html: string) {
    const root = parse(html);
    const cells = root.querySelectorAll('.user-keycell, .user-valuecell').map((e) => e.text.trim().replace(/\s{2,}[\w\s()]*/u, ''));
    const kv: Record<string, string> = {};
    for (let i = 0; i + 1 < cells.length; i += 2) kv[cells[i]!] = cells[i + 1]!;
    return {
      name: allText(root, 'h1'),
      isModerator: (root.querySelectorAll('.user-status')[0]?.text ?? '').includes('♦'),
      roomCount: jsNumber(allText(root, '.user-room-count-xxl'), '.user-room-count-xxl'),
      messageCount: jsNumber(allText(root, '.user-message-count-xxl'), '.user-message-count-xxl'),
      reputation: Number(root.querySelector('.reputation-score')?.getAttribute('title') || '1') || 1,
      lastMessage: kv['last message'] !== undefined ? parseAgoString(kv['last message']) : -1,
      lastSeen: kv['last seen'] !== undefined ? parseAgoString(kv['last seen']) : -1,
    };
  },
  transcript(html: string) {
    const root = parse(html);
    const msg = root.querySelector('.message.highlight') ?? crash('samliew', 'no .message.highlight');
    const room = root.querySelector('.room-name a') ?? crash('samliew', 'no .room-name a');
    const messages = msg.parentNode ?? crash('samliew', 'a .message without a parent');
    const siblings = (messages.parentNode?.childNodes ?? []).filter((n): n is HTMLElement => n.nodeType === 1);
    const prev = siblings[siblings.indexOf(messages) - 1];
    const userLink = prev && prev.classList.contains('signature') ? prev.querySelector('.username a') : null;
    const reply = msg.querySelector('.reply-info');
    return {
      userId: jsNumber((userLink?.getAttribute('href') ?? '').split('/')[2] ?? '', 'signature user link'),
      userName: userLink?.text ?? '',
      roomId: jsNumber((room.getAttribute('href') ?? '').split('/')[2] ?? '', '.room-name a'),
      roomName: room.text,
      content: msg.querySelector('.content')?.text.trim() ?? '',
      edited: msg.querySelectorAll('.edits').length > 0,
      parentId: reply ? Number((reply.getAttribute('href') ?? '').split('#')[1]) : undefined,
    };
  },
};

// ---------------- sochat4j (Java, jsoup) ----------------

export const sochat4j = {
  fkey(html: string): string | null {
    return parse(html).querySelector('input[name=fkey]')?.getAttribute('value') ?? null;
  },
  /** The user id from the chat page after login (`.topbar-menu-links a`, `/users/(\d+)`). */
  userId(html: string): number | null {
    const m = /\/users\/(\d+)/.exec(parse(html).querySelector('.topbar-menu-links a')?.getAttribute('href') ?? '');
    return m ? Number(m[1]) : null;
  },
  /** `Room` constructor: private rooms have an h2 "Private Room"; `#input` means the account can post. */
  room(html: string): { fkey: string; canPost: boolean; private: boolean } {
    const root = parse(html);
    const fkey = sochat4j.fkey(html);
    if (fkey === null) crash('sochat4j', 'Could not get fkey of room');
    return { fkey, canPost: root.getElementById('input') !== null, private: root.querySelectorAll('h2').some((h) => h.text.toLowerCase() === 'private room') };
  },
};
