import { describeThrown } from '../commands/describe-thrown.js';
import type { SecretRedactor } from './redact-secrets.js';

/** Where an unhandled error happened. */
export type ErrorSource = 'command' | 'task' | 'handler';

/** One unhandled error, as kept in the log (already free of secrets). */
export interface ErrorEntry {
  /** Epoch ms. */
  readonly at: number;
  readonly source: ErrorSource;
  /** The command, task or handler (e.g. `ban`, `WeekdaySummary`, `Watcher.onPosted`). */
  readonly name: string;
  /** The error's class name (`TypeError`) or the thrown value's type. */
  readonly type: string;
  readonly message: string;
  /** The stack without its first line (the message), or null. */
  readonly stack: string | null;
}

/** Default number of entries kept. */
export const DEFAULT_ERROR_LOG_SIZE = 100;
const MAX_MESSAGE = 1000;
const MAX_STACK = 4000;

/**
 * The application's recent unhandled errors (commands, background tasks, event handlers), newest
 * last, bounded by count (the oldest go first) and by size per entry. In memory and per instance:
 * each instance of a multi-instance bot keeps its own, and a restart starts empty. Secrets are
 * removed when an error is recorded, so nothing read from here can leak one. The `errorlogs`
 * built-in shows it in chat; `app.container.resolve(ErrorLog)` reads it in code.
 */
export class ErrorLog {
  private readonly items: ErrorEntry[] = [];
  private readonly listeners = new Set<(e: ErrorEntry) => void>();
  private total = 0;

  constructor(
    readonly size: number = DEFAULT_ERROR_LOG_SIZE,
    private readonly redactor: SecretRedactor | null = null,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('the error log size must be a whole number ≥ 1');
  }

  /** Records what was thrown; never throws itself (a listener that throws is ignored). */
  record(source: ErrorSource, name: string, thrown: unknown): ErrorEntry {
    const d = thrown === null || thrown === undefined ? { type: String(thrown), message: `the ${source} threw ${String(thrown)}`, stack: undefined } : describeThrown(thrown);
    const clean = (s: string, max: number) => {
      const t = this.redactor ? this.redactor.redact(s) : s;
      return t.length > max ? `${t.slice(0, max - 1)}…` : t;
    };
    const stackLines = d.stack?.split('\n') ?? [];
    // a V8 stack starts with "Type: message" (possibly several lines): keep the frames
    const firstFrame = stackLines.findIndex((l) => /^\s+at\s/.test(l));
    const frames = firstFrame >= 0 ? stackLines.slice(firstFrame).join('\n') : null;
    const entry: ErrorEntry = {
      at: this.now(), source, name: clean(name, 200), type: clean(d.type, 100), message: clean(d.message, MAX_MESSAGE),
      stack: frames ? clean(frames, MAX_STACK) : null,
    };
    this.items.push(entry);
    if (this.items.length > this.size) this.items.splice(0, this.items.length - this.size);
    this.total++;
    for (const fn of this.listeners) {
      try {
        fn(entry);
      } catch {
        // a listener's failure must not turn into another unhandled error
      }
    }
    return entry;
  }

  /** The last `n` entries (default all kept), oldest first. */
  latest(n: number = this.size): ErrorEntry[] {
    return n <= 0 ? [] : this.items.slice(-n);
  }

  /** Errors recorded since start, including those no longer kept. */
  get count(): number {
    return this.total;
  }

  /** Called for every new entry (the maintainers' pings). Returns an unsubscribe function. */
  onRecord(fn: (e: ErrorEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
