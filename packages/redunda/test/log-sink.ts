import { inspect } from 'node:util';
import pino, { type Logger } from 'pino';

/** A pino logger at trace level that keeps every line, to prove secrets never reach a log. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (s: string) => void lines.push(s) });
  return { logger, lines };
}

/** Every way an error could be shown: message, stack, JSON, util.inspect. */
export function renderError(err: unknown): string {
  const e = err as Error;
  return [String(e?.message), String(e?.stack), JSON.stringify(err), inspect(err, { depth: 5 })].join('\n');
}
