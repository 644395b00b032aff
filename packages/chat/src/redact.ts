import type { Logger } from 'pino';
import { pino } from './commonjs-packages.js';

const CENSOR = '[redacted]';

/** Log paths that may carry secrets; pino removes them wherever they appear in a log object. */
export const REDACT_PATHS = [
  'password',
  'fkey',
  'cookie',
  'cookies',
  'url',
  'wsUrl',
  'token',
  'headers.cookie',
  'headers["set-cookie"]',
  'form.password',
  'form.fkey',
  '*.password',
  '*.fkey',
  '*.cookie',
];

const PATTERNS: [RegExp, string][] = [
  [/(fkey=)[^&\s"]+/gi, `$1${CENSOR}`],
  [/("?fkey"?\s*[:=]\s*"?)[0-9a-f]{8,}/gi, `$1${CENSOR}`],
  [/(password=)[^&\s"]+/gi, `$1${CENSOR}`],
  [/((?:acct|prov|chatusr|sechatusr)=)[^;\s"]+/gi, `$1${CENSOR}`],
  [/(\/events\/\d+\/)[0-9a-zA-Z_-]{8,}/g, `$1${CENSOR}`],
];

/** Removes known secret shapes (fkeys, passwords, session cookies, socket tokens) and given values from a text. */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let s = text;
  for (const secret of secrets) if (secret && secret.length >= 4) s = s.split(secret).join(CENSOR);
  for (const [re, rep] of PATTERNS) s = s.replace(re, rep);
  return s;
}

/** The client's logger: a child of the injected one (or a silent one) with secret paths redacted. */
export function chatLogger(logger?: Logger, bindings: Record<string, unknown> = {}): Logger {
  const parent = logger ?? pino({ level: 'silent' });
  return parent.child({ lib: '@botpy/chat', ...bindings }, { redact: { paths: REDACT_PATHS, censor: CENSOR } });
}
