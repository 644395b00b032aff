import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './commonjs-packages.js';
import { LoginRateLimitedError } from './errors.js';

/** At most `max` password logins in any `windowMs` (defaults: 5 in 30 minutes). */
export interface LoginRateLimit {
  max: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { max: 5, windowMs: 30 * 60_000 };

/** The file next to a cookie jar that keeps the times of the last password logins. */
export function loginLogFile(cookieFile: string): string {
  return `${cookieFile}.logins.json`;
}

/**
 * Rate limit of password logins, kept across restarts: the times of the recent logins are saved
 * next to the cookie jar (`<cookie file>.logins.json`, mode 0600), so a bot that crashes and is
 * restarted in a loop does not post its password to the login site each time (repeated logins are
 * how CAPTCHAs start). Without a cookie file the limit holds for the life of the process.
 */
export class LoginLimiter {
  private times: number[] = [];

  constructor(
    private readonly file: string | undefined,
    private readonly limit: LoginRateLimit = DEFAULT_LOGIN_RATE_LIMIT,
    private readonly now: () => number = Date.now,
    private readonly onProblem: (reason: string) => void = () => {},
  ) {
    if (!(Number.isInteger(limit.max) && limit.max >= 1 && limit.windowMs >= 0)) throw new RangeError('loginRateLimit needs max ≥ 1 and windowMs ≥ 0');
  }

  /** Reads the saved login times (a missing or unreadable file counts as none, reported). */
  async load(): Promise<void> {
    if (!this.file) return;
    try {
      const data = JSON.parse(await fs.readFile(this.file, 'utf8')) as { passwordLogins?: unknown };
      const list = Array.isArray(data.passwordLogins) ? data.passwordLogins : [];
      this.times = list.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)).sort((a, b) => a - b);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.onProblem(`login log unreadable (${code ?? 'corrupt'}); counting no earlier logins`);
    }
  }

  /** How long until the next password login is allowed (0 = now). */
  waitMs(): number {
    const t = this.now();
    const recent = this.times.filter((x) => x > t - this.limit.windowMs && x <= t);
    if (recent.length < this.limit.max) return 0;
    return Math.max(1, recent[recent.length - this.limit.max]! + this.limit.windowMs - t);
  }

  /** Throws {@link LoginRateLimitedError} when the limit is reached. */
  check(): void {
    const wait = this.waitMs();
    if (wait > 0) throw new LoginRateLimitedError(wait, this.limit);
  }

  /** Throws {@link LoginRateLimitedError} when the limit is reached; else records a login now and saves. */
  async take(): Promise<void> {
    this.check();
    const t = this.now();
    this.times = [...this.times.filter((x) => x > t - this.limit.windowMs), t];
    if (!this.file) return;
    try {
      await fs.mkdir(path.dirname(path.resolve(this.file)), { recursive: true });
      await writeFileAtomic(this.file, JSON.stringify({ passwordLogins: this.times }), { mode: 0o600 });
    } catch (err) {
      this.onProblem(`could not save the login log (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
}
