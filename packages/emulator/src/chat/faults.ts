/** What the socket layer offers the fault knobs. */
export interface SocketControl {
  dropAll(o: { closeFrame: boolean; reason: string }): number;
}

/** What the session store offers the fault knobs. */
export interface SessionControl {
  expire(userId?: number): void;
  revokeFkey(userId?: number): void;
}

export const CLOUDFLARE_REASON = 'CloudFlare WebSocket proxy restarting.';

interface Failure {
  left: number;
  status: number;
  body?: string;
}

/**
 * Fault injection (issue #2): socket drops, silent (zombie) sockets, failing/delayed routes,
 * expired sessions, revoked fkeys. Route keys are those of `ChatEmulator.stats.byRoute`.
 */
export class Faults {
  private silent = false;
  private dropTimer: NodeJS.Timeout | null = null;
  private readonly failures = new Map<string, Failure>();
  private readonly delays = new Map<string, { left: number; ms: number }>();

  constructor(
    private readonly sockets: SocketControl,
    private readonly sessions: SessionControl,
  ) {}

  /** Drops every socket now. Default: a close frame with the CloudFlare reason; `closeFrame: false` cuts the TCP connection. */
  dropSockets(o: { closeFrame?: boolean; reason?: string } = {}): number {
    return this.sockets.dropAll({ closeFrame: o.closeFrame ?? true, reason: o.reason ?? CLOUDFLARE_REASON });
  }

  /** Drops all sockets every `seconds` (real time); null stops. */
  dropSocketsEvery(seconds: number | null): void {
    if (this.dropTimer) clearInterval(this.dropTimer);
    this.dropTimer = null;
    if (seconds === null) return;
    if (!(seconds > 0)) throw new RangeError('dropSocketsEvery needs a positive number of seconds or null');
    this.dropTimer = setInterval(() => this.dropSockets(), seconds * 1000);
    this.dropTimer.unref();
  }

  /** Sockets stay open but receive nothing (new ones too) while on. */
  silence(on: boolean): void {
    this.silent = on;
  }

  get silenced(): boolean {
    return this.silent;
  }

  /** The next `n` requests of `route` (e.g. 'POST /chats/:room/messages/new') answer `status` with `body` (default empty). */
  failNext(route: string, n: number, status: number, body?: string): void {
    if (n <= 0) this.failures.delete(route);
    else this.failures.set(route, body === undefined ? { left: n, status } : { left: n, status, body });
  }

  /** The next `n` requests of `route` are held for `ms` before being handled. */
  delayNext(route: string, n: number, ms: number): void {
    if (n <= 0) this.delays.delete(route);
    else this.delays.set(route, { left: n, ms });
  }

  expireSessions(userId?: number): void {
    this.sessions.expire(userId);
  }

  revokeFkey(userId?: number): void {
    this.sessions.revokeFkey(userId);
  }

  /** Clears every pending fault (sessions already expired stay expired). */
  reset(): void {
    this.dropSocketsEvery(null);
    this.silent = false;
    this.failures.clear();
    this.delays.clear();
  }

  /** @internal */ takeFailure(route: string): { status: number; body: string } | undefined {
    const f = this.failures.get(route);
    if (!f) return undefined;
    if (--f.left <= 0) this.failures.delete(route);
    return { status: f.status, body: f.body ?? '' };
  }

  /** @internal */ takeDelay(route: string): number {
    const d = this.delays.get(route);
    if (!d) return 0;
    if (--d.left <= 0) this.delays.delete(route);
    return d.ms;
  }
}
