import { ConfigError } from '../errors.js';

/** `bootstrap({ errorReports })`: the in-memory error log and the maintainers' pings. */
export interface ErrorReportOptions {
  /** How many errors the log keeps (default 100; the oldest go first). */
  keep?: number;
  /** Ping maintainers in a room on a new kind of error (off when absent). */
  notify?: ErrorNotifyOptions;
}

/** Who is pinged where, and how often at most. */
export interface ErrorNotifyOptions {
  /** The room to post in: one of the bot's rooms. */
  room: number;
  /** Chat display names to ping (`'Alice Smith'` pings `@AliceSmith`). */
  maintainers: string[];
  /** Seconds: one kind of error (where + message) pings at most once per period; also the window of the global cap (default 3600). */
  period?: number;
  /** At most this many pings per period, whatever the kinds (default 3); the errors beyond are summed up in one message at the end of the period. */
  maxPings?: number;
}

/** The checked options with their defaults. */
export interface ResolvedErrorReports {
  keep: number;
  notify: { room: number; maintainers: string[]; periodMs: number; maxPings: number } | null;
}

/** Checks `errorReports`; a ConfigError says what is wrong. */
export function resolveErrorReports(o: ErrorReportOptions | undefined, rooms: readonly number[]): ResolvedErrorReports {
  if (o === undefined) return { keep: 100, notify: null };
  if (typeof o !== 'object' || o === null) throw new ConfigError('errorReports must be an object: { keep?, notify?: { room, maintainers, period?, maxPings? } }');
  const keep = o.keep ?? 100;
  if (!Number.isInteger(keep) || keep < 1 || keep > 10_000) throw new ConfigError(`errorReports.keep must be a whole number from 1 to 10000, got ${String(o.keep)}`);
  const n = o.notify;
  if (n === undefined) return { keep, notify: null };
  if (typeof n !== 'object' || n === null) throw new ConfigError('errorReports.notify must be { room, maintainers, period?, maxPings? }');
  if (!rooms.includes(n.room)) throw new ConfigError(`errorReports.notify.room must be one of the bot's rooms (${rooms.join(', ')}), got ${String(n.room)}`);
  if (!Array.isArray(n.maintainers) || n.maintainers.length === 0 || !n.maintainers.every((m) => typeof m === 'string' && m.replace(/\s+/g, '').length > 0)) {
    throw new ConfigError('errorReports.notify.maintainers must be a non-empty list of chat display names to ping');
  }
  const period = n.period ?? 3600;
  if (typeof period !== 'number' || !(period > 0) || !Number.isFinite(period)) throw new ConfigError(`errorReports.notify.period must be a positive number of seconds, got ${String(n.period)}`);
  const maxPings = n.maxPings ?? 3;
  if (!Number.isInteger(maxPings) || maxPings < 1) throw new ConfigError(`errorReports.notify.maxPings must be a whole number ≥ 1, got ${String(n.maxPings)}`);
  return { keep, notify: { room: n.room, maintainers: [...n.maintainers], periodMs: period * 1000, maxPings } };
}
