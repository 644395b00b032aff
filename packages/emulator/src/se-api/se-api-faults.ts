/** A recorded breach of the API's rules by a client: what the hostile-server tests look for. */
export interface SeViolation {
  kind: 'burst' | 'backoff' | 'banned' | 'quota';
  method: string;
  ip: string;
  /** Epoch ms (real time). */
  at: number;
}

/**
 * Fault knobs of the SE API emulator, mutable at run time: force a backoff on answers, exhaust the
 * quota, ban an IP, slow answers down, fail requests; and of its realtime socket: skip posts, stop
 * heartbeats (drops are `SeApiEmulator.dropSockets()`).
 */
export class SeApiFaults {
  /** Seconds of `backoff` added to answers of matching methods (`'*'` = all); null = none. */
  backoff: { method: string; seconds: number; remaining: number } | null = null;
  /** Milliseconds every answer waits before it is sent. */
  slowMs = 0;
  /** The next `n` answers are HTTP `status` with an HTML body (a proxy failure, not the API's shape). */
  failures: { status: number; remaining: number } | null = null;
  /** Skip the next `n` posts on the realtime socket (they are in the API only). */
  socketSkipNext = 0;
  /** Skip every post whose index (1-based, per emulator) is a multiple of this; 0 = off. */
  socketSkipEvery = 0;
  /** No heartbeats are sent while true. */
  heartbeatsPaused = false;

  /** Puts `backoff: seconds` on the next `count` answers (default: every answer until cleared) of `method` (`'*'` = all). */
  forceBackoff(seconds: number, method = '*', count = Infinity): void {
    this.backoff = { method, seconds, remaining: count };
  }

  clearBackoff(): void {
    this.backoff = null;
  }

  /** The backoff to put on an answer of `method`, consuming one use. */
  takeBackoff(method: string): number | undefined {
    const b = this.backoff;
    if (!b || (b.method !== '*' && b.method !== method)) return undefined;
    if (--b.remaining <= 0) this.backoff = null;
    return b.seconds;
  }

  failNext(n: number, status = 503): void {
    this.failures = { status, remaining: n };
  }

  takeFailure(): number | undefined {
    const f = this.failures;
    if (!f) return undefined;
    if (--f.remaining <= 0) this.failures = null;
    return f.status;
  }

  reset(): void {
    this.backoff = null;
    this.slowMs = 0;
    this.failures = null;
    this.socketSkipNext = 0;
    this.socketSkipEvery = 0;
    this.heartbeatsPaused = false;
  }
}
