import type { Logger } from 'pino';
import type { ErrorEntry } from './error-log.js';

/** At most this many kinds are remembered (the least recently seen are forgotten first). */
const MAX_KINDS = 1000;
/** A ping is one line: chat's single-line limit. */
const SINGLE_LINE_LIMIT = 500;

export interface ErrorNotifierOptions {
  readonly room: number;
  readonly maintainers: readonly string[];
  readonly periodMs: number;
  readonly maxPings: number;
  /** The bot's name, to say which bot (and how to address it for `errorlogs`). */
  readonly botName: string;
  /** Posts in the room (the app's send: fenced, so only the active instance posts). */
  readonly send: (roomId: number, text: string) => Promise<unknown>;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Pings the maintainers on a new kind of error, so a crash loop cannot flood the room:
 * - a kind (source, name and message, numbers ignored) pings at most once per period;
 * - at most `maxPings` pings per period in all (a sliding window);
 * - what was held back is summed up in ONE message when the period since the first held-back
 *   error ends ("12 more errors (2 kinds)…"), at most one summary per period.
 * Posting failures (standby, chat down) are logged, never retried or thrown.
 */
export class ErrorNotifier {
  private readonly kinds = new Map<string, number>();
  private readonly pings: number[] = [];
  private held = 0;
  private readonly heldKinds = new Map<string, string>();
  private summaryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly o: ErrorNotifierOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Told of every recorded error. */
  notice(e: ErrorEntry): void {
    if (this.closed) return;
    const now = this.now();
    const kind = kindOf(e);
    const last = this.kinds.get(kind);
    while (this.pings.length > 0 && now - this.pings[0]! >= this.o.periodMs) this.pings.shift();
    const fresh = last === undefined || now - last >= this.o.periodMs;
    if (fresh && this.pings.length < this.o.maxPings) {
      this.remember(kind, now);
      this.pings.push(now);
      this.post(this.pingText(e), 'ping');
      return;
    }
    if (!fresh) this.remember(kind, last);
    this.held++;
    if (!this.heldKinds.has(kind)) this.heldKinds.set(kind, `${e.source} ${e.name}`);
    this.summaryTimer ??= setTimeout(() => this.summarize(), this.o.periodMs);
    this.summaryTimer.unref?.();
  }

  /** Stops pinging; a pending summary is dropped (the log still has the errors). */
  close(): void {
    this.closed = true;
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = null;
  }

  private summarize(): void {
    this.summaryTimer = null;
    if (this.closed || this.held === 0) return;
    const n = this.held;
    const where = [...new Set(this.heldKinds.values())];
    this.held = 0;
    this.heldKinds.clear();
    const kinds = this.heldKindsText(where);
    this.post(`[${this.o.botName}] ${n} more error${n === 1 ? '' : 's'} not pinged in the last ${seconds(this.o.periodMs)} (${kinds}); say "@${this.address()} errorlogs" to see them.`, 'summary');
  }

  private heldKindsText(where: string[]): string {
    const shown = where.slice(0, 3).join(', ');
    return where.length > 3 ? `in ${shown} and ${where.length - 3} more places` : `in ${shown}`;
  }

  private pingText(e: ErrorEntry): string {
    const who = this.o.maintainers.map((m) => `@${m.replace(/\s+/g, '')}`).join(' ');
    const head = `${who} [${this.o.botName}] new error in ${e.source} ${e.name}: `;
    const tail = ` — say "@${this.address()} errorlogs" for the stack.`;
    const room = SINGLE_LINE_LIMIT - head.length - tail.length;
    const what = oneLine(`${e.type}: ${e.message}`);
    return head + (what.length > room ? `${what.slice(0, Math.max(0, room - 1))}…` : what) + tail;
  }

  private address(): string {
    return this.o.botName.replace(/\s+/g, '');
  }

  private remember(kind: string, at: number): void {
    this.kinds.delete(kind);
    this.kinds.set(kind, at);
    if (this.kinds.size > MAX_KINDS) this.kinds.delete(this.kinds.keys().next().value!);
  }

  private post(text: string, what: string): void {
    this.o.send(this.o.room, text).catch((err) => this.o.logger.warn({ err, roomId: this.o.room }, `the maintainers' error ${what} could not be posted`));
  }
}

/** The signature of an error: where, and its message with numbers and quoted values blurred (ids and times vary). */
export function kindOf(e: ErrorEntry): string {
  const message = e.message.replace(/\d+/g, '#').replace(/"[^"]*"|'[^']*'/g, '"…"').slice(0, 200);
  return `${e.source}\u0000${e.name}\u0000${e.type}\u0000${message}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function seconds(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 100) / 10} s`;
}
