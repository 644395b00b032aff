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
  private readonly secretListeners = new Set<(secret: string) => void>();

  /**
   * Tells `fn` every secret issued from now on (acct tokens, chat cookies, fkeys, socket tokens,
   * and the parts of the `t=…&s=…` tokens), so a test can prove none of them reaches a log line.
   */
  onSecret(fn: (secret: string) => void): () => void {
    this.secretListeners.add(fn);
    return () => this.secretListeners.delete(fn);
  }

  /** Every secret that is valid now (sessions, their fkeys, acct tokens). */
  liveSecrets(): string[] {
    const out: string[] = [];
    for (const t of this.accts.keys()) out.push(...withParts(t));
    for (const s of this.chat.values()) out.push(s.fkey, ...withParts(s.cookie));
    return out;
  }

  private issued<T extends string>(secret: T): T {
    for (const fn of this.secretListeners) for (const part of withParts(secret)) fn(part);
    return secret;
  }

  createAcct(userId: number): string {
    const token = this.issued(`t=${randomHex(16)}&s=${randomHex(16)}`);
    this.accts.set(token, userId);
    return token;
  }

  userForAcct(token: string | undefined): number | undefined {
    return token === undefined ? undefined : this.accts.get(token);
  }

  createChatSession(userId: number): ChatSession {
    const session: ChatSession = { userId, fkey: this.issued(randomHex(16)), cookie: this.issued(`t=${randomHex(16)}&s=${randomHex(16)}`) };
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
    for (const s of this.chat.values()) if (userId === undefined || s.userId === userId) s.fkey = this.issued(randomHex(16));
  }

  issueLoginFkey(): string {
    const fkey = this.issued(randomHex(32));
    this.loginFkeys.add(fkey);
    if (this.loginFkeys.size > 10_000) this.loginFkeys.delete(this.loginFkeys.values().next().value as string);
    return fkey;
  }

  checkLoginFkey(fkey: string | null): boolean {
    return fkey !== null && this.loginFkeys.has(fkey);
  }

  issueWsToken(session: ChatSession, roomId: number, nowMs: number): string {
    const token = this.issued(randomHex(16));
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

/** A secret and, for `t=…&s=…` tokens, each of its two values. */
function withParts(secret: string): string[] {
  return secret.includes('&') ? [secret, ...secret.split('&').map((p) => p.replace(/^[ts]=/, ''))] : [secret];
}
