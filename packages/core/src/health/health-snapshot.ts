/** State of the chat connection, as the chat client reports it. */
export type SocketState = 'open' | 'connecting' | 'polling' | 'closed';

/** Overall verdict of a health check: `down` is answered with HTTP 503 so a supervisor restarts the bot. */
export type HealthStatus = 'ok' | 'degraded' | 'down';

/**
 * What the health endpoint needs to know about a running bot, read fresh on every request from a
 * provider function (`() => HealthSnapshot`), so the server knows nothing of the application.
 */
export interface HealthSnapshot {
  /** True while the application is running (started and not stopping). */
  readonly alive: boolean;
  readonly role: 'active' | 'standby';
  readonly socket: {
    readonly state: SocketState;
    /** Milliseconds since the last frame from the chat server; null when none arrived yet. */
    readonly lastFrameAgeMs: number | null;
  };
  /** Messages waiting in the send queue. */
  readonly sendBacklog: number;
  readonly counters: {
    readonly commandsRun: number;
    /** Commands that threw or timed out. */
    readonly commandErrors: number;
    readonly reconnects: number;
    /** Messages the chat server accepted. */
    readonly messagesSent?: number;
    /** Throttle answers (409) met by writes: a rising count means the bot posts faster than chat allows. */
    readonly throttled?: number;
    /** Messages merged into another post while throttled (`chat.queue.coalesce`). */
    readonly coalesced?: number;
  };
  /** Seconds since the application started (0 before). */
  readonly uptimeSeconds: number;
  /** The background tasks with their schedule and next run (absent when the provider does not tell). */
  readonly tasks?: readonly TaskHealth[];
}

/** One background task in `/health`. */
export interface TaskHealth {
  readonly name: string;
  readonly state: 'scheduled' | 'running' | 'stopped' | 'idle';
  /** The cron pattern, or null for an interval task. */
  readonly cron: string | null;
  readonly timezone: string | null;
  /** The fixed delay of an interval task, else null. */
  readonly intervalMs: number | null;
  /** Epoch ms of the next run; null while stopped, on standby or not yet planned. */
  readonly nextRunAt: number | null;
  readonly runs: number;
  readonly errors: number;
}

/** Thresholds of the verdict. */
export interface HealthThresholds {
  /** A last frame older than this (or none after this long up) means a zombie: `down` (default 120). */
  staleAfterSeconds: number;
  /** A send backlog at least this long means `degraded` (default 50). */
  degradedBacklog: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: Readonly<HealthThresholds> = Object.freeze({ staleAfterSeconds: 120, degradedBacklog: 50 });

/**
 * The verdict for a snapshot:
 * - `down`: the application is not running, the socket is closed, or the last frame is older than
 *   `staleAfterSeconds` (or no frame arrived although the bot has been up that long);
 * - `degraded`: connecting, on the polling fallback, no frame yet, or a send backlog of at least `degradedBacklog`;
 * - `ok` otherwise. The role does not matter: a healthy standby instance is `ok`.
 */
export function evaluateHealth(s: HealthSnapshot, t: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): HealthStatus {
  const staleMs = t.staleAfterSeconds * 1000;
  if (!s.alive || s.socket.state === 'closed') return 'down';
  const age = s.socket.lastFrameAgeMs;
  if (age !== null && age > staleMs) return 'down';
  if (age === null && s.uptimeSeconds * 1000 > staleMs) return 'down';
  if (age === null || s.socket.state !== 'open' || s.sendBacklog >= t.degradedBacklog) return 'degraded';
  return 'ok';
}
