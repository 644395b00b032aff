import { escapeHtml as e, slugify } from './text-util.js';
import type { EmuMessage, EmuRoom, EmuUser } from './types.js';
import type { Revision } from './world.js';

/** Who is looking at a chat page: a logged-in account (with its fkey) or nobody. */
export interface Viewer {
  user: EmuUser | null;
  fkey: string;
}

export interface PageContext {
  viewer: Viewer;
  /** Absolute URL of the Q&A login page (the logged-out topbar link points there). */
  loginUrl: string;
  siteName: string;
}

export const userHref = (u: { id: number; name: string }): string => `/users/${u.id}/${slugify(u.name)}`;
export const roomHref = (r: { id: number; name: string }): string => `/rooms/${r.id}/${slugify(r.name)}`;

/** Every chat page: topbar with the account link (or a log-in link) and the hidden `#fkey` input. */
export function chatLayout(ctx: PageContext, title: string, content: string, extraScript = ''): string {
  const u = ctx.viewer.user;
  const topbar = u
    ? `<a href="${userHref(u)}" title="${e(u.name)}">${e(u.name)}</a>`
    : `<a href="${e(ctx.loginUrl)}">log in</a>`;
  return `<!DOCTYPE html>
<html>
<head>
<title>${e(title)}</title>
<meta charset="utf-8">
</head>
<body id="chat-body">
<div id="container">
<div class="topbar">
  <div class="topbar-links">
    <div class="links-container">
      <span class="topbar-menu-links">
${topbar}
      </span>
    </div>
  </div>
</div>
<div id="header"><div id="hlogo"><a href="/">${e(ctx.siteName)} chat</a></div></div>
<div id="content">
${content}
</div>
</div>
${extraScript}
<input id="fkey" name="fkey" type="hidden" value="${e(ctx.viewer.fkey)}" />
</body>
</html>
`;
}

export function homePage(ctx: PageContext, rooms: { room: EmuRoom; users: number; messages: number }[]): string {
  const cards = rooms
    .map(
      ({ room, users, messages }) => `<div class="roomcard" id="room-${room.id}">
  <h3 class="room-name"><a href="${roomHref(room)}">${e(room.name)}</a></h3>
  <p class="room-description">${e(room.description)}</p>
  <span class="room-user-count" title="${users} users">${users}</span>
  <span class="room-message-count" title="${messages} messages">${messages}</span>
</div>`,
    )
    .join('\n');
  return chatLayout(ctx, `${ctx.siteName} chat`, `<h1>All rooms</h1>\n<div id="roomlist">\n${cards}\n</div>`);
}

export function favoritePage(ctx: PageContext): string {
  return chatLayout(
    ctx,
    'Join',
    `<h2>Join</h2>
Please confirm that you wish to rejoin your favorited rooms:
<form method="post" action="">
  <input class="button" type="submit" value="join" />
</form>`,
  );
}

export interface PresentUser {
  user: EmuUser;
  isOwner: boolean;
  lastPost: number;
  emailHash: string;
  reputation: number;
}

export function roomPage(ctx: PageContext, room: EmuRoom, canPost: boolean, present: PresentUser[]): string {
  const data = present.map((p) => {
    const o: Record<string, unknown> = { id: p.user.id, name: p.user.name, email_hash: p.emailHash, reputation: p.reputation, last_post: p.lastPost };
    if (p.isOwner) o.is_owner = true;
    if (p.user.moderator) o.is_moderator = true;
    return o;
  });
  const input = canPost
    ? `<div id="input-area"><textarea id="input"></textarea><button id="sayit-button">send</button></div>`
    : ctx.viewer.user
      ? `<form id="access-request" method="post" action="/rooms/requestaccess"><input type="hidden" name="roomId" value="${room.id}"></form>`
      : `<div id="input-area"><a href="${e(ctx.loginUrl)}">log in</a> to talk</div>`;
  const script = `<script type="text/javascript">
  $(function() {
    var chat = StartChat({ ws: true, may_bookmark: false }, ${ctx.viewer.user ? ctx.viewer.user.id : 0}, { id: ${room.id}, host: '', deleted: false, frozen: false }, null, false, false, {});
  });
</script>`;
  return chatLayout(
    ctx,
    `${room.name} | chat`,
    `<div id="roomname">${e(room.name)}</div>
<div id="roomdesc">${e(room.description)}</div>
<div class="js-present" data-users="${e(JSON.stringify(data))}"></div>
<div id="chat"></div>
${input}
<a href="/chats/leave/${room.id}" id="leave">leave</a>`,
    script,
  );
}

function usercard(u: EmuUser, id: string, reputation: number): string {
  return `<div id="${id}" class="usercard">
  <div class="user-header" title="${e(u.name)}">
    <a href="${userHref(u)}"><img alt="${e(u.name)}" class="user-gravatar48" height="48" width="48" src="" /></a>
    <h3><a class="username" href="${userHref(u)}">${e(u.name)}</a>${u.moderator ? ' <span class="moderator">&#9830;</span>' : ''}</h3>
    <div class="user-flair"><span class="reputation-score" title="${reputation}">${reputation}</span></div>
  </div>
</div>`;
}

/**
 * `/rooms/info/{room}`, shaped like the real page (rooms-info.samliew.html): the counts are bare
 * numbers (ChatExchange reads `int(.room-message-count-xxl)`), owner cards `#owner-user-{id}` in
 * `#room-ownercards`, user cards `#user-{id}` in `#room-usercards > #room-usercards-container`.
 */
export function roomInfoPage(ctx: PageContext, room: EmuRoom, owners: { user: EmuUser; reputation: number }[], users: { user: EmuUser; reputation: number }[], messageCount: number): string {
  const tags = (room.tags ?? []).map((t) => `<a class="tag" href="/tags/${encodeURIComponent(t)}/info">${e(t)}</a>`).join(' ');
  return chatLayout(
    ctx,
    `Overview | ${room.name}`,
    `<div class="xxl-info-layout">
<div class="roomcard-xxl" id="room-${room.id}">
  <img class="small-site-logo" title="${e(ctx.siteName)}" alt="${e(ctx.siteName)}" src="" />
  <h1>${e(room.name)}</h1>
  <p>${e(room.description)}</p>
  <div class="room-tags">${tags}</div>
  <a class="button" href="${roomHref(room)}">join this room</a><br />
  <a class="button" href="/transcript/${room.id}">view transcript</a>
  <br />
  <div class="clear-both room-message-count-xxl" title="${messageCount} all time messages">${messageCount}</div>
  <div class="room-user-count-xxl" title="all time users">${users.length}</div>
</div>
<div id="room-ownercards">
  <h2>Owners of this room</h2>
${owners.map((o) => usercard(o.user, `owner-user-${o.user.id}`, o.reputation)).join('\n')}
</div>
</div>
<div id="room-usercards">
  <div id="room-usercards-container" class="clear-both">
${users.map((o) => usercard(o.user, `user-${o.user.id}`, o.reputation)).join('\n')}
  </div>
</div>`,
  );
}

/** "14s ago", "49m ago", "3h ago", "2d ago" or "n/a", as the profile page writes times (clients parse the unit letter). */
export function agoText(t: number | null, nowSec: number): string {
  if (t === null) return 'n/a';
  const s = Math.max(0, nowSec - t);
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/**
 * `/users/{id}`, shaped like the real profile page: `h1` name, `.user-status` (with ♦ for a
 * moderator), the stats table in the real order (ChatExchange reads value cells 1 and 2 as last
 * message / last seen; samliew reads them by their key cells), bare `.user-*-count-xxl` numbers.
 */
export function userPage(ctx: PageContext, u: EmuUser, reputation: number, messageCount: number, roomCount: number, lastMessage: number | null, lastSeen: number | null, nowSec: number): string {
  return chatLayout(
    ctx,
    `User ${u.name} | chat`,
    `<div id="user-profile">
  <h1>${e(u.name)}</h1>
  <div class="usercard-xxl">
    <div class="user-status">${e(u.name)}${u.moderator ? ' &#9830;' : ''}</div>
    <span class="reputation-score" title="${reputation}">${reputation}</span>
    <table class="user-stats">
      <tr><td class="user-keycell">chat user since</td><td class="user-valuecell">n/a</td></tr>
      <tr><td class="user-keycell">last message</td><td class="user-valuecell">${agoText(lastMessage, nowSec)}</td></tr>
      <tr><td class="user-keycell">last seen</td><td class="user-valuecell">${agoText(lastSeen, nowSec)}</td></tr>
      <tr><td class="user-keycell">about</td><td class="user-valuecell">${e(u.about ?? '')}</td></tr>
    </table>
  </div>
  <div class="user-message-count-xxl" title="${messageCount} all time messages">${messageCount}</div>
  <div class="user-room-count-xxl" title="${roomCount} all time rooms">${roomCount}</div>
</div>`,
  );
}

const clockTime = (t: number): string => {
  const d = new Date(t * 1000);
  const h = d.getUTCHours();
  return `${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
};

/** The star mark next to a message: `.times` empty means one star (as ChatExchange reads it); `user-star` when the viewer starred it; `owner-star` when pinned. */
function starMark(m: EmuMessage, starredByViewer: boolean): string {
  if (m.stars === 0 && !m.pinned) return '';
  return `<span class="stars vote-count-container${starredByViewer ? ' user-star' : ''}${m.pinned ? ' owner-star' : ''}"><span class="img vote"></span><span class="times">${m.stars === 1 ? '' : m.stars}</span></span>`;
}

export function transcriptPage(ctx: PageContext, room: EmuRoom, messages: EmuMessage[], highlight: number | undefined, starredByViewer: (messageId: number) => boolean = () => false): string {
  const groups: EmuMessage[][] = [];
  for (const m of messages) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.userId === m.userId) last.push(m);
    else groups.push([m]);
  }
  const body = groups
    .map(
      (g) => `<div class="monologue user-${g[0]!.userId}">
  <div class="signature"><div class="tiny-signature">
    <div class="username"><a href="${userHref({ id: g[0]!.userId, name: g[0]!.userName })}" title="${e(g[0]!.userName)}">${e(g[0]!.userName)}</a></div>
  </div></div>
  <div class="messages">
    <div class="timestamp">${clockTime(g[0]!.time)}</div>
${g
  .map(
    (m) => `    <div class="message${m.id === highlight ? ' highlight' : ''}" id="message-${m.id}">
      <a name="${m.id}" href="/transcript/${room.id}?m=${m.id}#${m.id}"><span class="action-link"><span class="img"> </span></span></a>
      ${m.parentId !== undefined ? `<a class="reply-info" href="/transcript/${room.id}?m=${m.parentId}#${m.parentId}"> </a>` : ''}
      <div class="content">${m.deleted ? '<span class="deleted">(removed)</span>' : m.html}</div>
      ${m.edits > 0 ? '<span class="edits"></span>' : ''}
      <span class="flash">${starMark(m, starredByViewer(m.id))}</span>
    </div>`,
  )
  .join('\n')}
  </div>
</div>`,
    )
    .join('\n');
  return chatLayout(
    ctx,
    `${room.name} - transcript`,
    `<div id="info"><div class="room-name"><a href="${roomHref(room)}">${e(room.name)}</a></div></div>
<div id="transcript">
${body}
</div>`,
  );
}

/** GET /messages/{id}/history: current rendering, then revisions newest first (spec §4.1). */
export function historyPage(ctx: PageContext, room: EmuRoom, m: EmuMessage, revisionsNewestFirst: Revision[], pinners: EmuUser[]): string {
  const signature = (u: { id: number; name: string }): string =>
    `<div class="signature"><div class="tiny-signature"><div class="username"><a href="${userHref(u)}" title="${e(u.name)}">${e(u.name)}</a></div></div></div>`;
  const stars = starMark(m, false);
  const current = `<div class="monologue user-${m.userId}">
  ${signature({ id: m.userId, name: m.userName })}
  <div class="messages">
    <div class="timestamp">${clockTime(m.time)}</div>
    <div class="message" id="message-${m.id}">
      <a name="${m.id}" href="/transcript/${room.id}?m=${m.id}#${m.id}"><span class="action-link"><span class="img"> </span></span></a>
      <div class="content">${m.deleted ? '<span class="deleted">(removed)</span>' : m.html}</div>
      <span class="flash">${stars}</span>
    </div>
  </div>
</div>`;
  const revisions = revisionsNewestFirst
    .map(
      (r) => `<div class="monologue user-${r.userId}">
  ${signature({ id: r.userId, name: r.userName })}
  <div class="messages">
    <div class="timestamp">${clockTime(r.time)}</div>
    <div class="message">
      <div class="content"><b>${r.kind === 'deleted' ? 'deleted' : `${r.kind}:`}</b> ${r.kind === 'deleted' ? '' : `<div class="message-source">${e(r.source)}</div>`}</div>
    </div>
  </div>
</div>`,
    )
    .join('\n');
  const pinned = pinners.map((u) => `<p><span class="stars owner-star"><span class="img"></span></span> pinned by <a href="${userHref(u)}">${e(u.name)}</a></p>`).join('\n');
  return chatLayout(ctx, 'message history', `<h2>Message history</h2>\n${pinned}\n${current}\n${revisions}`);
}

export function notFoundPage(ctx: PageContext, what = 'Page not found'): string {
  return chatLayout(ctx, what, `<h1>${e(what)}</h1>`);
}

/** Q&A login page (spec §2.1). `fkey === null` renders the read-only page without any fkey. */
export function loginPage(siteName: string, fkey: string | null, message?: string, me?: { id: number; name: string }): string {
  const init = fkey === null ? '' : `<script>
    StackExchange.init({"locale":"en","routeName":"Users/Login","user":{"fkey":"${fkey}","isAnonymous":${me ? 'false' : 'true'}}});
</script>`;
  const form =
    fkey === null
      ? `<div class="read-only-notice"><h1>${e(siteName)} is in read-only mode</h1><p>Logging in is not possible right now. Please try again later.</p></div>`
      : `<form id="login-form" action="/users/login" method="POST">
        <input type="hidden" name="fkey" value="${fkey}">
        <input type="hidden" name="ssrc" value="login">
        <label for="email">Email</label>
        <input id="email" type="email" name="email">
        <label for="password">Password</label>
        <input type="password" autocomplete="off" name="password" id="password">
        <input type="hidden" name="oauth_version" value="">
        <input type="hidden" name="oauth_server" value="">
        <button id="submit-button" name="submit-button">Log in</button>
    </form>`;
  return `<!DOCTYPE html>
<html>
<head>
<title>Log In - ${e(siteName)}</title>
${init}
</head>
<body class="universal-auth-page">
${qaTopbar(me)}
<div id="content">
    ${message ? `<div class="js-error-message">${e(message)}</div>` : ''}
    ${form}
</div>
</body>
</html>
`;
}

/**
 * The Q&A site's top bar: a logged-in visitor has the `.my-profile` link (ChatExchange checks it to
 * verify a cookie login), an anonymous one a log-in link.
 */
export function qaTopbar(me?: { id: number; name: string }): string {
  return `<header class="s-topbar"><ol class="s-topbar--content">${
    me ? `<li><a href="/users/${me.id}/${slugify(me.name)}" class="s-topbar--item s-user-card my-profile" title="${e(me.name)}">${e(me.name)}</a></li>` : '<li><a href="/users/login" class="s-topbar--item login-link">Log in</a></li>'
  }</ol></header>`;
}
