import { createHash } from 'node:crypto';
import { Router, html, intField, json, quoted, redirect, text, type Req, type Res } from './http-kit.js';
import { favoritePage, historyPage, homePage, notFoundPage, roomInfoPage, roomPage, transcriptPage, userPage, type PageContext } from './pages.js';
import type { ChatSession, Sessions } from './sessions.js';
import { sectionsFor } from './socket-hub.js';
import { throttleMessage } from './throttle.js';
import type { ChatPolicies, Clock, EmuUser, ServerName } from './types.js';
import type { World } from './world.js';

export interface ChatRouteContext {
  world: World;
  sessions: Sessions;
  clock: Clock;
  policies: ChatPolicies;
  server: ServerName;
  cookieName: string;
  origin: () => string;
  loginOrigin: () => string;
}

export const ROOM_REFUSAL = 'The room does not exist, or you do not have permission';
const SITE_NAMES: Record<ServerName, string> = { stackoverflow: 'Stack Overflow', stackexchange: 'Stack Exchange', meta: 'Meta Stack Exchange' };

/** Gravatar-style hash for a user (MD5 hex of the email or name). */
export function emailHash(u: EmuUser): string {
  return createHash('md5')
    .update((u.email ?? u.name).trim().toLowerCase())
    .digest('hex');
}

/** Every chat-server HTTP route of spec §4 (route keys are `METHOD /pattern`, as in `stats.byRoute`). */
export function buildChatRouter(c: ChatRouteContext): Router {
  const { world, sessions } = c;
  const POLL_LIMIT = 1000;
  const nowSec = (): number => Math.floor(c.clock.now() / 1000);
  const siteName = SITE_NAMES[c.server];

  /** The session of a page GET, issuing the chat cookie when only `acct` is present. */
  const pageSession = (req: Req): { session?: ChatSession; cookies?: string[] } => {
    const existing = sessions.chatSession(req.cookies[c.cookieName]);
    if (existing && world.user(existing.userId)) return { session: existing };
    const uid = sessions.userForAcct(req.cookies.acct);
    if (uid === undefined || !world.user(uid)) return {};
    const session = sessions.createChatSession(uid);
    return { session, cookies: [`${c.cookieName}=${session.cookie}; path=/; HttpOnly`] };
  };
  const pageCtx = (session?: ChatSession): PageContext => ({
    viewer: { user: session ? (world.user(session.userId) ?? null) : null, fkey: session?.fkey ?? '' },
    loginUrl: `${c.loginOrigin()}/users/login?returnurl=${encodeURIComponent(c.origin() + '/')}`,
    siteName,
  });
  const page = (req: Req, render: (ctx: PageContext, session?: ChatSession) => Res): Res => {
    const { session, cookies } = pageSession(req);
    const res = render(pageCtx(session), session);
    return cookies ? { ...res, cookies: [...(res.cookies ?? []), ...cookies] } : res;
  };

  const refuseFkey = (): Res => text('The fkey is missing or does not match this session.', c.policies.fkeyRejectStatus);
  /** Session of a POST: the chat cookie's session when the fkey matches; else a refusal. */
  const authed = (req: Req): ChatSession | Res => {
    const session = sessions.chatSession(req.cookies[c.cookieName]);
    if (!session || !world.user(session.userId) || req.form.get('fkey') !== session.fkey) return refuseFkey();
    return session;
  };
  /** Reading POSTs work anonymously; a chat cookie with a wrong fkey is still refused. */
  const reader = (req: Req): ChatSession | null | Res => {
    const session = sessions.chatSession(req.cookies[c.cookieName]);
    if (!session) return null;
    return req.form.get('fkey') === session.fkey ? session : refuseFkey();
  };
  const isRes = (x: unknown): x is Res => typeof x === 'object' && x !== null && 'status' in x;
  const roomOr404 = (id: string) => world.room(Number(id));
  const throttled = (userId: number): Res | undefined => {
    const t = c.policies.throttle;
    if (!t) return undefined;
    const wait = world.userState(userId)!.bucket.take(c.clock.now(), t.burst, t.perSecond);
    return wait > 0 ? text(throttleMessage(wait), 409) : undefined;
  };
  const tooLong = (s: string): boolean => (s.includes('\n') ? s.length > c.policies.multiLineLimit : s.length > c.policies.singleLineLimit);
  const serverError = (): Res => html('<!DOCTYPE html><html><head><title>Error</title></head><body><h1>An error occurred</h1></body></html>', 500);
  const canModerate = (roomId: number, userId: number): boolean => world.isOwner(roomId, userId) || (world.user(userId)?.moderator ?? false);
  const userJson = (u: EmuUser, roomId?: number) => {
    const s = world.userState(u.id)!;
    return {
      id: u.id,
      name: u.name,
      email_hash: emailHash(u),
      reputation: s.reputation,
      is_moderator: u.moderator,
      is_owner: roomId !== undefined && world.isOwner(roomId, u.id) ? true : null,
      last_post: s.lastPost,
      last_seen: s.lastSeen,
    };
  };

  const r = new Router();

  // ---------- pages ----------
  r.add('GET', '/', (req) =>
    page(req, (ctx) =>
      html(
        homePage(
          ctx,
          world.rooms().map((room) => ({ room, users: world.presentUsers(room.id).length, messages: world.transcript(room.id).filter((m) => !m.deleted).length })),
        ),
      ),
    ),
  );
  r.add('GET', '/chats/join/favorite', (req) => page(req, (ctx) => html(favoritePage(ctx))));
  r.add('POST', '/chats/join/favorite', (req) => {
    const s = authed(req);
    return isRes(s) ? s : redirect('/');
  });
  r.add('GET', '/rooms/info/:room/:slug?', (req, p) =>
    page(req, (ctx) => {
      const room = roomOr404(p.room!);
      if (!room) return html(notFoundPage(ctx, 'Room not found'), 404);
      const card = (id: number) => ({ user: world.user(id)!, reputation: world.userState(id)!.reputation });
      const owners = room.owners.filter((id) => world.user(id)).map(card);
      const users = world.presentUsers(room.id).map(card);
      return html(roomInfoPage(ctx, room, owners, users, world.transcript(room.id).filter((m) => !m.deleted).length));
    }),
  );
  r.add('GET', '/rooms/:room/:slug?', (req, p) =>
    page(req, (ctx, session) => {
      const room = roomOr404(p.room!);
      if (!room) return html(notFoundPage(ctx, 'Room not found'), 404);
      const canPost = session !== undefined && world.kickedFor(room.id, session.userId) === 0;
      const present = world.presentUsers(room.id).map((id) => {
        const u = world.user(id)!;
        const s = world.userState(id)!;
        return { user: u, isOwner: world.isOwner(room.id, id), lastPost: s.lastPost ?? 0, emailHash: emailHash(u), reputation: s.reputation };
      });
      return html(roomPage(ctx, room, canPost, present));
    }),
  );
  r.add('GET', '/users/:id/:slug?', (req, p) =>
    page(req, (ctx) => {
      const u = world.user(Number(p.id));
      if (!u) return html(notFoundPage(ctx, 'User not found'), 404);
      const s = world.userState(u.id)!;
      const count = world.rooms().reduce((n, room) => n + world.transcript(room.id).filter((m) => m.userId === u.id && !m.deleted).length, 0);
      return html(userPage(ctx, u, s.reputation, count, s.rooms.size, s.lastPost, s.lastSeen, nowSec()));
    }),
  );
  r.add('GET', '/transcript/message/:id/:slug?', (req, p) =>
    page(req, (ctx, session) => {
      const m = world.message(Number(p.id));
      const room = m && world.room(m.roomId);
      if (!m || !room) return html(notFoundPage(ctx, 'Message not found'), 404);
      const all = world.transcript(room.id);
      const i = all.findIndex((x) => x.id === m.id);
      const mine = (id: number): boolean => session !== undefined && world.starredBy(id).includes(session.userId);
      return html(transcriptPage(ctx, room, all.slice(Math.max(0, i - 50), i + 51), m.id, mine));
    }),
  );
  r.add('GET', '/messages/:id/history', (req, p) =>
    page(req, (ctx, session) => {
      const m = world.message(Number(p.id));
      const room = m && world.room(m.roomId);
      const h = m && world.history(m.id);
      if (!m || !room || !h) return html(notFoundPage(ctx, 'Message not found'), 404);
      if (m.deleted && !(session && canModerate(room.id, session.userId))) return html(notFoundPage(ctx, 'Message not found'), 404);
      const pinner = h.pinnedBy === undefined ? undefined : world.user(h.pinnedBy);
      return html(historyPage(ctx, room, m, [...h.revisions].reverse(), pinner ? [pinner] : []));
    }),
  );
  r.add('GET', '/transcript/:room/:slug?', (req, p) =>
    page(req, (ctx) => {
      const room = roomOr404(p.room!);
      if (!room) return html(notFoundPage(ctx, 'Room not found'), 404);
      return html(transcriptPage(ctx, room, world.transcript(room.id).slice(-100), undefined));
    }),
  );

  // ---------- reading ----------
  r.add('POST', '/chats/:room/events', (req, p) => {
    const s = reader(req);
    if (isRes(s)) return s;
    const room = roomOr404(p.room!);
    if (!room) return text(ROOM_REFUSAL, 404);
    if (s) world.enter(s.userId, room.id);
    const count = Math.min(500, Math.max(1, intField(req.form, 'msgCount') ?? intField(req.query, 'msgCount') ?? 100));
    const before = intField(req.form, 'before') ?? intField(req.query, 'before');
    const after = intField(req.form, 'after') ?? intField(req.query, 'after');
    let msgs = world.transcript(room.id).filter((m) => !m.deleted);
    if (before !== undefined) msgs = msgs.filter((m) => m.id < before);
    if (after !== undefined) msgs = msgs.filter((m) => m.id >= after);
    msgs = after !== undefined ? msgs.slice(0, count) : msgs.slice(-count);
    return json({ ms: 1, time: world.latestEventId(), sync: nowSec(), events: msgs.map((m) => world.messageEventFor(m.id)) });
  });
  r.add('POST', '/ws-auth', (req) => {
    const s = authed(req);
    if (isRes(s)) return s;
    const roomId = intField(req.form, 'roomid');
    if (roomId === undefined) return text('roomid is required', 400);
    const room = world.room(roomId);
    if (!room || world.kickedFor(roomId, s.userId) > 0) return text(ROOM_REFUSAL, 404);
    world.enter(s.userId, roomId);
    const token = sessions.issueWsToken(s, roomId, c.clock.now());
    return json({ url: `${c.origin().replace(/^http/, 'ws')}/events/${roomId}/${token}` });
  });
  r.add('POST', '/events', (req) => {
    const s = reader(req);
    if (isRes(s)) return s;
    const cursors = new Map<number, number>();
    for (const [k, v] of req.form) {
      const m = /^r(\d+)$/.exec(k);
      if (m) cursors.set(Number(m[1]), /^\d+$/.test(v) ? Number(v) : 0);
    }
    const out: Record<string, unknown> = {};
    for (const [room, cursor] of cursors) {
      if (!world.room(room)) continue;
      const batch = world.eventsAfter(cursor, POLL_LIMIT);
      // A cut answer reports the last event it carries as `t`, so the next poll continues from there.
      const latest = batch.length === POLL_LIMIT ? batch[batch.length - 1]!.id : world.latestEventId();
      const e = sectionsFor(batch, s ? s.userId : null, [room]).get(room);
      out[`r${room}`] = e ? { e, t: latest, d: e.length } : { t: latest, d: 0 };
    }
    return json(out);
  });
  r.add('GET', '/message/:id', (req, p) => {
    const m = world.message(Number(p.id));
    if (!m || m.deleted) return text('The message does not exist or has been deleted.', 404);
    return req.query.get('plain') === 'true' ? text(m.source) : html(m.html);
  });
  r.add('POST', '/user/info', (req) => {
    const s = reader(req);
    if (isRes(s)) return s;
    const ids = (req.form.get('ids') ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => /^-?\d+$/.test(x))
      .map(Number);
    const roomId = intField(req.form, 'roomId');
    const users = ids.map((id) => world.user(id)).filter((u): u is EmuUser => u !== undefined);
    return json({ users: users.map((u) => userJson(u, roomId)) });
  });
  r.add('GET', '/users/thumbs/:id', (_req, p) => {
    const u = world.user(Number(p.id));
    if (!u) return text('User not found', 404);
    const s = world.userState(u.id)!;
    const rooms = [...s.rooms].map((id) => world.room(id)!).map((room) => ({ id: room.id, name: room.name, last_post: null, activity: 0 }));
    const { is_owner: _owner, ...base } = userJson(u);
    return json({ ...base, user_message: '', rooms });
  });
  r.add('GET', '/rooms/thumbs/:room', (req, p) => {
    const room = roomOr404(p.room!);
    if (!room) return text(ROOM_REFUSAL, 404);
    const usage = req.query.get('showUsage') === 'true' ? { messages: world.transcript(room.id).length } : null;
    return json({ id: room.id, name: room.name, description: room.description, isFavorite: false, usage, tags: '' });
  });
  r.add('GET', '/rooms/pingable/:room', (_req, p) => {
    const room = roomOr404(p.room!);
    if (!room) return text(ROOM_REFUSAL, 404);
    return json(world.seenInRoom(room.id).map((x) => [x.userId, world.user(x.userId)!.name, x.seen, x.lastPost]));
  });

  // ---------- writing ----------
  r.add('POST', '/chats/:room/messages/new', (req, p) => {
    const s = authed(req);
    if (isRes(s)) return s;
    const room = roomOr404(p.room!);
    if (!room || world.kickedFor(room.id, s.userId) > 0) return text(ROOM_REFUSAL, 404);
    const typed = req.form.get('text');
    if (typed === null || typed.trim().length === 0) return text('text is required', 400);
    const parentField = intField(req.form, 'parentId');
    const wait = throttled(s.userId);
    if (wait) return wait;
    if (tooLong(typed)) return serverError();
    if (c.policies.duplicateRefusal && world.userState(s.userId)!.lastSource === typed) return json({ id: null, time: null });
    const m = world.createMessage(s.userId, room.id, typed, parentField);
    return json({ id: m.id, time: m.time });
  });
  r.add('POST', '/messages/:id', (req, p) => {
    const s = authed(req);
    if (isRes(s)) return s;
    const id = Number(p.id);
    if (!world.hasMessageId(id)) return redirect('/');
    const m = world.message(id)!;
    if (m.deleted) return quoted('This message has already been deleted and cannot be edited');
    if (m.userId !== s.userId) return quoted('You can only edit your own messages');
    if (nowSec() - m.time > c.policies.editWindowSeconds) return quoted('It is too late to edit this message');
    const typed = req.form.get('text');
    if (typed === null || typed.trim().length === 0) return text('text is required', 400);
    const wait = throttled(s.userId);
    if (wait) return wait;
    if (tooLong(typed)) return serverError();
    world.editMessage(s.userId, id, typed, intField(req.form, 'parentId'));
    return quoted('ok');
  });
  r.add('POST', '/messages/:id/delete', (req, p) => {
    const s = authed(req);
    if (isRes(s)) return s;
    const id = Number(p.id);
    if (!world.hasMessageId(id)) return redirect('/');
    const m = world.message(id)!;
    if (m.deleted) return quoted('This message has already been deleted.');
    const mod = canModerate(m.roomId, s.userId);
    if (m.userId !== s.userId && !mod) return quoted('You can only delete your own messages');
    if (!mod && nowSec() - m.time > c.policies.editWindowSeconds) return quoted('It is too late to delete this message');
    const wait = throttled(s.userId);
    if (wait) return wait;
    world.deleteMessage(s.userId, id);
    return quoted('ok');
  });
  const starRoute = (suffix: string, act: (s: ChatSession, id: number, roomId: number) => Res | undefined): void => {
    r.add('POST', `/messages/:id/${suffix}`, (req, p) => {
      const s = authed(req);
      if (isRes(s)) return s;
      const id = Number(p.id);
      if (!world.hasMessageId(id)) return redirect('/');
      const m = world.message(id)!;
      if (m.deleted) return quoted('This message has been deleted');
      return act(s, id, m.roomId) ?? quoted('ok');
    });
  };
  starRoute('star', (s, id) => void world.toggleStar(s.userId, id));
  starRoute('owner-star', (s, id, roomId) => {
    if (!canModerate(roomId, s.userId)) return quoted('Only room owners can pin messages');
    world.setPinned(id, !world.message(id)!.pinned, s.userId);
    return undefined;
  });
  starRoute('unowner-star', (s, id, roomId) => {
    if (!canModerate(roomId, s.userId)) return quoted('Only room owners can pin messages');
    world.setPinned(id, false);
    return undefined;
  });
  starRoute('unstar', (s, id, roomId) => {
    if (!canModerate(roomId, s.userId)) return quoted('Only room owners can cancel stars');
    world.clearStars(id);
    return undefined;
  });
  r.add('POST', '/admin/movePosts/:room', (req, p) => {
    const s = authed(req);
    if (isRes(s)) return s;
    const room = roomOr404(p.room!);
    const to = intField(req.form, 'to');
    if (!room || to === undefined || !world.room(to)) return text(ROOM_REFUSAL, 404);
    if (!canModerate(room.id, s.userId)) return quoted('Only room owners can move messages');
    const ids = (req.form.get('ids') ?? '').split(',').filter((x) => /^\d+$/.test(x.trim())).map(Number);
    return json(world.moveMessages(s.userId, room.id, ids, to));
  });
  r.add('POST', '/rooms/setuseraccess/:room', (req, p) => {
    const s = authed(req);
    if (isRes(s)) return s;
    const room = roomOr404(p.room!);
    if (!room) return text(ROOM_REFUSAL, 404);
    const target = intField(req.form, 'aclUserId');
    const access = req.form.get('userAccess');
    if (target === undefined || !world.user(target) || (access !== 'owner' && access !== 'read-write')) return text('aclUserId and userAccess (owner, read-write) are required', 400);
    if (!canModerate(room.id, s.userId)) return text(ROOM_REFUSAL, 404);
    world.setAccess(room.id, target, access, s.userId);
    return quoted('ok');
  });
  r.add('POST', '/messages/ack', (req) => {
    const s = authed(req);
    return isRes(s) ? s : quoted('ok');
  });
  r.add('POST', '/chats/join/:room', (req, p) => {
    const s = authed(req);
    if (isRes(s)) return s;
    const room = roomOr404(p.room!);
    if (!room || world.kickedFor(room.id, s.userId) > 0) return text(ROOM_REFUSAL, 404);
    world.enter(s.userId, room.id);
    return quoted('ok');
  });
  r.add('POST', '/chats/leave/all', (req) => {
    const s = authed(req);
    if (isRes(s)) return s;
    for (const room of [...world.userState(s.userId)!.rooms]) world.leave(s.userId, room);
    return quoted('ok');
  });
  r.add('POST', '/chats/leave/:room', (req, p) => {
    const s = authed(req);
    if (isRes(s)) return s;
    const room = roomOr404(p.room!);
    if (!room) return text(ROOM_REFUSAL, 404);
    world.leave(s.userId, room.id);
    return quoted('ok');
  });
  return r;
}
