import { parseHtml as parse, type HTMLElement } from './commonjs-packages.js';
import type { ChatSession } from './chat-session.js';
import { ChatRequestError, MessageActionError } from './errors.js';
import { htmlToText } from './html-to-text.js';

/** A message as chat's transcript and history pages show it (what ChatExchange's `Message` reads). */
export interface MessageDetails {
  id: number;
  roomId: number;
  roomName: string;
  /** The author (null for a system account without a profile link). */
  owner: { id: number | null; name: string };
  /** Rendered HTML of the current version ('' when deleted). */
  html: string;
  /** Plain text of the current version. */
  text: string;
  /** Markdown source of the current version, from the history page (undefined when it is not readable). */
  source?: string;
  /** The message this one replies to. */
  parentId?: number;
  stars: number;
  /** Did this account star it? */
  starredByMe: boolean;
  pinned: boolean;
  /** Who pinned it (history page), when known. */
  pinnedBy: { id: number; name: string }[];
  /** Number of edits (history page; 1 when only the transcript's "edited" mark is readable). */
  edits: number;
  /** The last editor, when edited. */
  editor?: { id: number; name: string };
  deleted: boolean;
}

const userOf = (a: HTMLElement | null | undefined): { id: number; name: string } | undefined => {
  const m = /^\/users\/(-?\d+)/.exec(a?.getAttribute('href') ?? '');
  return m && a ? { id: Number(m[1]), name: (a.getAttribute('title') ?? a.text).trim() } : undefined;
};

/** Star data next to a message: `.stars` (`.times` empty ⇒ 1), `.user-star`, `.owner-star`. */
function starData(root: HTMLElement): { stars: number; starredByMe: boolean; pinned: boolean } {
  const stars = root.querySelector('.stars');
  if (!stars) return { stars: 0, starredByMe: false, pinned: false };
  const times = stars.querySelector('.times')?.text.trim() ?? '';
  const cls = stars.getAttribute('class') ?? '';
  // as ChatExchange reads it: an empty count means one star
  const count = times ? Number(times) : 1;
  return { stars: Number.isFinite(count) ? count : 1, starredByMe: /\buser-star\b/.test(cls), pinned: /\bowner-star\b/.test(cls) };
}

/** Reads `/transcript/message/{id}`: owner, content, stars, starred-by-me, pinned, parent, edited. */
export function parseTranscriptMessage(html: string, messageId: number): Omit<MessageDetails, 'source' | 'pinnedBy' | 'editor'> | undefined {
  const root = parse(html);
  const roomLinks = root.querySelectorAll('.room-name a');
  const roomLink = roomLinks[roomLinks.length - 1];
  const rm = /\/rooms\/(\d+)/.exec(roomLink?.getAttribute('href') ?? '');
  for (const mono of root.querySelectorAll('.monologue')) {
    const msg = mono.querySelector(`#message-${messageId}`);
    if (!msg) continue;
    const ownerLink = mono.querySelector('.signature .username a');
    const owner = userOf(ownerLink) ?? { id: null, name: (mono.querySelector('.signature .username')?.text ?? '').trim() };
    const content = msg.querySelector('.content');
    const deleted = content?.querySelector('.deleted') !== null && content?.querySelector('.deleted') !== undefined;
    const contentHtml = deleted ? '' : (content?.innerHTML.trim() ?? '');
    const parent = /#(\d+)$/.exec(msg.querySelector('.reply-info')?.getAttribute('href') ?? '');
    return {
      id: messageId,
      roomId: rm ? Number(rm[1]) : 0,
      roomName: roomLink?.text.trim() ?? '',
      owner,
      html: contentHtml,
      text: deleted ? '' : htmlToText(contentHtml),
      ...(parent ? { parentId: Number(parent[1]) } : {}),
      ...starData(msg),
      edits: msg.querySelector('.edits') ? 1 : 0,
      deleted,
    };
  }
  return undefined;
}

/** Reads `/messages/{id}/history`: source, edits and last editor, pinners, deleted. */
export function parseHistory(html: string): { source?: string; edits: number; editor?: { id: number; name: string }; pinnedBy: { id: number; name: string }[]; deleted: boolean } {
  const root = parse(html);
  const monologues = root.querySelectorAll('.monologue');
  const revisions = monologues.slice(1);
  const source = root.querySelector('.monologue .message-source')?.text;
  let edits = 0;
  let editor: { id: number; name: string } | undefined;
  let deleted = false;
  for (const r of revisions) {
    const kind = r.querySelector('b')?.text.trim() ?? '';
    if (kind === 'deleted') deleted = true;
    if (kind !== 'edited:') continue;
    edits++;
    editor ??= userOf(r.querySelector('.username a'));
  }
  const pinnedBy: { id: number; name: string }[] = [];
  for (const p of root.querySelectorAll('#content p')) {
    if (!p.querySelector('.stars.owner-star')) continue;
    const u = userOf(p.querySelector('a[href^="/users/"]'));
    if (u) pinnedBy.push(u);
  }
  return { ...(source !== undefined ? { source: decode(source) } : {}), edits, ...(editor ? { editor } : {}), pinnedBy, deleted };
}

const decode = (s: string): string => parse(`<p>${s}</p>`).querySelector('p')!.text;

/** Fetches a message's details (transcript page, then history page). */
export async function fetchMessageDetails(session: ChatSession, messageId: number): Promise<MessageDetails> {
  const res = await session.get(`/transcript/message/${messageId}`, 'GET /transcript/message/:id');
  if (res.status === 404) throw new MessageActionError('read', `message ${messageId} does not exist`, 'no-such-message');
  if (res.status !== 200) throw new ChatRequestError('GET /transcript/message/:id', `HTTP ${res.status}`, res.status);
  const base = parseTranscriptMessage(res.body, messageId);
  if (!base) throw new MessageActionError('read', `message ${messageId} is not on its transcript page`, 'no-such-message');
  const hist = await session.get(`/messages/${messageId}/history`, 'GET /messages/:id/history');
  // the history of a deleted message is only shown to room owners and moderators
  if (hist.status === 404) return { ...base, pinnedBy: [] };
  if (hist.status !== 200) throw new ChatRequestError('GET /messages/:id/history', `HTTP ${hist.status}`, hist.status);
  const h = parseHistory(hist.body);
  return {
    ...base,
    ...(h.source !== undefined ? { source: h.source } : {}),
    edits: Math.max(base.edits, h.edits),
    ...(h.editor ? { editor: h.editor } : {}),
    pinnedBy: h.pinnedBy,
    deleted: base.deleted || h.deleted,
  };
}
