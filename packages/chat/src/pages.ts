import { parseHtml as parse } from './commonjs-packages.js';

/** What a chat HTML page tells about the session (§2.1 step 4–5). */
export interface ChatPageInfo {
  userId?: number;
  userName?: string;
  /** '' on an anonymous page. */
  fkey: string;
}

/** Reads the topbar user link and the `#fkey` input of a chat page. */
export function parseChatPage(html: string, chatOrigin: string): ChatPageInfo {
  const root = parse(html);
  const fkey = root.querySelector('input#fkey')?.getAttribute('value') ?? root.querySelector('input[name=fkey]')?.getAttribute('value') ?? '';
  const info: ChatPageInfo = { fkey };
  const a = root.querySelector('.topbar-menu-links a');
  const href = a?.getAttribute('href');
  if (a && href) {
    let path: string | undefined;
    try {
      const u = new URL(href, chatOrigin);
      if (u.origin === new URL(chatOrigin).origin) path = u.pathname;
    } catch {}
    const m = path ? /^\/users\/(-?\d+)(?:\/|$)/.exec(path) : null;
    if (m) {
      info.userId = Number(m[1]);
      info.userName = (a.getAttribute('title') || a.text).trim();
    }
  }
  return info;
}

/** The Q&A login page's fkey (`form#login-form input[name=fkey]`, else the first one); undefined when absent. */
export function parseLoginFkey(html: string): string | undefined {
  const root = parse(html);
  const input = root.querySelector('form#login-form input[name=fkey]') ?? root.querySelector('input[name=fkey]');
  const v = input?.getAttribute('value');
  return v ? v : undefined;
}

/** `/rooms/info/{room}` owner cards → users. */
export function parseRoomOwners(html: string): { id: number; name: string }[] {
  const root = parse(html);
  const out: { id: number; name: string }[] = [];
  for (const card of root.querySelectorAll('#room-ownercards .usercard')) {
    let id: number | undefined;
    const m = /^owner-user-(-?\d+)$/.exec(card.getAttribute('id') ?? '');
    if (m) id = Number(m[1]);
    const link = card.querySelector('a[href^="/users/"]');
    if (id === undefined && link) {
      const lm = /^\/users\/(-?\d+)/.exec(link.getAttribute('href') ?? '');
      if (lm) id = Number(lm[1]);
    }
    if (id === undefined) continue;
    const name = card.querySelector('.user-header')?.getAttribute('title') ?? card.querySelector('.username')?.text ?? link?.getAttribute('title') ?? link?.text ?? '';
    out.push({ id, name: name.trim() });
  }
  return out;
}
