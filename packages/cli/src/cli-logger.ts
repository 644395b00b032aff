import { pino, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export interface CliLoggerOptions {
  /** Where log lines go (default: process.stdout). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Human-readable lines instead of JSON (default: whether `stream` is a terminal). */
  pretty?: boolean;
  /** Default: env BOTPY_LOG_LEVEL, else `info`. */
  level?: string;
}

/**
 * A pino logger for command-line use: readable colored lines (pino-pretty, in-process, no worker
 * thread) when writing to a terminal, one JSON object per line otherwise (for files, systemd, pm2).
 */
export function createCliLogger(name: string, o: CliLoggerOptions = {}): Logger {
  const stream = o.stream ?? process.stdout;
  const pretty = o.pretty ?? Boolean(stream.isTTY);
  const level = o.level ?? process.env.BOTPY_LOG_LEVEL ?? 'info';
  if (pretty) {
    return pino(
      { name, level },
      pinoPretty({ destination: stream, colorize: Boolean(stream.isTTY), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true, sync: true }),
    );
  }
  return pino({ name, level }, stream);
}
