import { randomHex } from './text-util.js';

/** A logged-in chat session (one chat cookie); its fkey serves every POST. */
export interface ChatSession {
  userId: number;
  fkey: string;
  /** Value of the chat cookie (`chatusr`/`sechatusr`). */
  cookie: string;
}

interface WsTicket {
  session: ChatSession;
  roomId: number;
  expiresAt: number;
}

const WS_TICKET_MS = 10 * 60 * 1000;

/** Login (`acct`) tokens, chat sessions with their fkeys, and single-use socket tokens. */
export class Sessions {
  private readonly accts = new Map<string, number>();
  private readonly chat = new Map<string, ChatSession>();
  private readonly loginFkeys = new Set<string>();
  private readonly wsTickets = new Map<string, WsTicket>();

  createAcct(userId: number): string {
    const token = `t=${randomHex(16)}&s=${randomHex(16)}`;
    this.accts.set(token, userId);
    return token;
  }

  userForAcct(token: string | undefined): number | undefined {
    return token === undefined ? undefined : this.accts.get(token);
  }

  createChatSession(userId: number): ChatSession {
    const session: ChatSession = { userId, fkey: randomHex(16), cookie: `t=${randomHex(16)}&s=${randomHex(16)}` };
    this.chat.set(session.cookie, session);
    return session;
  }

  chatSession(cookie: string | undefined): ChatSession | undefined {
    return cookie === undefined ? undefined : this.chat.get(cookie);
  }

  /** Invalidates acct tokens, chat sessions and socket tokens (of one user, or everybody). */
  expire(userId?: number): void {
    for (const [t, u] of this.accts) if (userId === undefined || u === userId) this.accts.delete(t);
    for (const [c, s] of this.chat) if (userId === undefined || s.userId === userId) this.chat.delete(c);
    for (const [t, w] of this.wsTickets) if (userId === undefined || w.session.userId === userId) this.wsTickets.delete(t);
  }

  /** Gives the sessions (of one user, or everybody) a new fkey; the old one stops working. */
  revokeFkey(userId?: number): void {
    for (const s of this.chat.values()) if (userId === undefined || s.userId === userId) s.fkey = randomHex(16);
  }

  issueLoginFkey(): string {
    const fkey = randomHex(32);
    this.loginFkeys.add(fkey);
    if (this.loginFkeys.size > 10_000) this.loginFkeys.delete(this.loginFkeys.values().next().value as string);
    return fkey;
  }

  checkLoginFkey(fkey: string | null): boolean {
    return fkey !== null && this.loginFkeys.has(fkey);
  }

  issueWsToken(session: ChatSession, roomId: number, nowMs: number): string {
    const token = randomHex(16);
    this.wsTickets.set(token, { session, roomId, expiresAt: nowMs + WS_TICKET_MS });
    return token;
  }

  /** Single use: the token is gone afterwards. Tokens of expired sessions are refused. */
  consumeWsToken(token: string, nowMs: number): { session: ChatSession; roomId: number } | undefined {
    const t = this.wsTickets.get(token);
    if (!t) return undefined;
    this.wsTickets.delete(token);
    if (t.expiresAt < nowMs || this.chat.get(t.session.cookie) !== t.session) return undefined;
    return { session: t.session, roomId: t.roomId };
  }
}
