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

/** How the chat server behaves during an outage (see {@link Faults.setOutage}). */
export type OutageKind = 'status' | 'reset' | 'hang';

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
  private readonly huge = new Map<string, { left: number; bytes: number; chunked: boolean }>();
  private outageKind: OutageKind | null = null;
  private outageStatus = 503;
  private outageLogin = false;
  private socketLifetime: number | null = null;
  private readonly outageWaiters = new Set<() => void>();

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

  /**
   * A chat outage: while on, every chat-server request and socket upgrade (and, with `login: true`,
   * the login site) fails: `'status'` answers `status` (default 503) with an error page, `'reset'`
   * cuts the connection, `'hang'` holds the request unanswered until the outage ends.
   */
  setOutage(on: boolean, kind: OutageKind = 'status', o: { status?: number; login?: boolean } = {}): void {
    this.outageKind = on ? kind : null;
    this.outageStatus = o.status ?? 503;
    this.outageLogin = on && (o.login ?? false);
    if (!on || kind !== 'hang') for (const w of [...this.outageWaiters]) w();
  }

  /** The current outage kind, or null. */
  get outage(): OutageKind | null {
    return this.outageKind;
  }

  /**
   * Every socket opened from now on is closed (with a close frame) `ms` after its first frame
   * (0 = right after it); null stops. Models a proxy that accepts sockets and drops them at once.
   */
  closeSocketsAfter(ms: number | null): void {
    if (ms !== null && !(ms >= 0)) throw new RangeError('closeSocketsAfter needs a number of milliseconds ≥ 0 or null');
    this.socketLifetime = ms;
  }

  /** @internal */ get newSocketLifetime(): number | null {
    return this.socketLifetime;
  }

  /**
   * The next `n` requests of `route` answer 200 with a body of `bytes` bytes, streamed (an HTML
   * page that never seems to end; the emulator does not hold it in memory). With `chunked` no
   * Content-Length is announced.
   */
  hugeNext(route: string, n: number, bytes: number, o: { chunked?: boolean } = {}): void {
    if (n <= 0) this.huge.delete(route);
    else this.huge.set(route, { left: n, bytes, chunked: o.chunked ?? false });
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
    this.huge.clear();
    this.socketLifetime = null;
    this.setOutage(false);
  }

  /** @internal the outage answer for a request now, if any ('hang' resolves when the outage ends). */
  takeOutage(site: 'chat' | 'login' = 'chat'): { kind: OutageKind; status: number; over: Promise<void> } | undefined {
    if (!this.outageKind || (site === 'login' && !this.outageLogin)) return undefined;
    const over = new Promise<void>((resolve) => {
      if (this.outageKind !== 'hang') return resolve();
      const done = (): void => {
        this.outageWaiters.delete(done);
        resolve();
      };
      this.outageWaiters.add(done);
    });
    return { kind: this.outageKind, status: this.outageStatus, over };
  }

  /** @internal */ takeHuge(route: string): { bytes: number; chunked: boolean } | undefined {
    const h = this.huge.get(route);
    if (!h) return undefined;
    if (--h.left <= 0) this.huge.delete(route);
    return { bytes: h.bytes, chunked: h.chunked };
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
