import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import type { ChatEmulator } from '@botpy/emulator';

/** Where every fault-suite log line is also appended (one NDJSON file per test file), for inspection. */
export const LOG_DIR = join(tmpdir(), 'botpy-fault-logs');

/** A pino logger at the most verbose level whose every line is kept (raw text) and appended to LOG_DIR/<suite>.ndjson. */
export interface LogSink {
  readonly logger: Logger;
  readonly lines: string[];
  readonly file: string;
}

export function createLogSink(suite: string): LogSink {
  mkdirSync(LOG_DIR, { recursive: true });
  const file = join(LOG_DIR, `${suite}.ndjson`);
  writeFileSync(file, '');
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, {
    write(s: string) {
      lines.push(s);
      appendFileSync(file, s);
    },
  });
  return { logger, lines, file };
}

/**
 * Records every secret the emulator hands out — chat cookies, acct tokens, chat and login fkeys
 * (also after revocation), socket tokens — by wrapping its session store. Test-only spying on a
 * private field: the emulator offers no public list of the secrets it issued.
 */
export function recordEmulatorSecrets(emulator: ChatEmulator, into: Set<string>): void {
  emulator.watchSecrets((secret) => into.add(secret));
}

/** Secret shapes that must never appear in a log line, whatever their value. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['fkey parameter', /fkey=(?!\[redacted\])[^&\s"]+/i],
  ['fkey field', /"fkey"\s*:\s*"(?!\[redacted\])[^"]+"/i],
  ['password field', /"password"\s*:\s*"(?!\[redacted\])[^"]+"/i],
  ['session cookie', /\b(?:acct|prov|chatusr|sechatusr)=(?!\[redacted\])[^;\s"]+/i],
  ['socket URL token', /\/events\/\d+\/(?!\[redacted\])[0-9a-zA-Z_-]{8,}/],
  ['Redunda key parameter', /\bkey=(?!\[redacted\])[0-9a-f]{16,}/i],
];

/** Lists every (line, secret) leak: exact secret values, and secret shapes (fkey=…, cookies, socket tokens). */
export function findLeaks(lines: readonly string[], secrets: Iterable<string>): string[] {
  const values = [...new Set(secrets)].filter((s) => typeof s === 'string' && s.length >= 6);
  const leaks: string[] = [];
  lines.forEach((line, i) => {
    for (const v of values) if (line.includes(v)) leaks.push(`line ${i}: contains a secret value (${v.slice(0, 3)}…): ${line.slice(0, 300)}`);
    for (const [what, re] of SECRET_PATTERNS) if (re.test(line)) leaks.push(`line ${i}: ${what}: ${line.slice(0, 300)}`);
  });
  return leaks;
}
