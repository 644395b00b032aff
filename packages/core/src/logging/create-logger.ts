import { pino, type Logger } from 'pino';

/**
 * The default application logger: pino, JSON lines to stderr, level `info` (or `level`).
 * `createLogger({ level: 'silent' })` gives a logger that writes nothing (tests).
 */
export function createLogger(o: { level?: string; name?: string } = {}): Logger {
  return pino({ level: o.level ?? 'info', ...(o.name ? { base: { bot: o.name } } : {}) }, pino.destination(2));
}
