import { pino, type Logger } from 'pino';

/** A pino logger that keeps its lines (parsed) in memory, for tests. */
export function captureLogger(): { logger: Logger; lines: Record<string, any>[] } {
  const lines: Record<string, any>[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}
