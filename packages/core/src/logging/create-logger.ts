import type { Logger } from 'pino';
import { pino } from '../commonjs-packages.js';
import { createRequire } from 'node:module';

// pino-pretty is loaded only when a terminal wants it: a service logging JSON never pays for it.
const requireCjs = createRequire(import.meta.url);

/**
 * The default application logger: pino to stderr. On a terminal the lines are human-readable
 * (pino-pretty, in-process); otherwise one JSON object per line, for files, systemd and pm2.
 * `BOTPY_LOG_FORMAT=json|pretty` forces a format and `BOTPY_LOG_LEVEL` sets the level.
 * `createLogger({ level: 'silent' })` gives a logger that writes nothing (tests).
 */
export function createLogger(
  o: { level?: string; name?: string; pretty?: boolean; env?: NodeJS.ProcessEnv } = {},
): Logger {
  const env = o.env ?? process.env;
  const level = o.level ?? env.BOTPY_LOG_LEVEL ?? 'info';
  const format = env.BOTPY_LOG_FORMAT;
  const pretty = o.pretty ?? (format === 'pretty' || (format !== 'json' && Boolean(process.stderr.isTTY)));
  const options = { level, ...(o.name ? { base: { bot: o.name } } : {}) };
  if (pretty) {
    const pinoPretty = requireCjs('pino-pretty') as typeof import('pino-pretty');
    return pino(
      options,
      pinoPretty({ destination: 2, colorize: Boolean(process.stderr.isTTY), translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true, sync: true }),
    );
  }
  return pino(options, pino.destination(2));
}
