import type { Clock } from './clock.js';
import { QuotaExhaustedError } from './errors.js';

/** The next midnight UTC after `now` (epoch ms): when the API's daily quota rolls over. */
export function nextUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** A snapshot of the quota as the last answer told it. */
export interface QuotaState {
  max: number | null;
  remaining: number | null;
  /** When the daily quota rolls over (epoch ms). */
  resetsAt: number;
  /** Calls sent and not yet answered. */
  inFlight: number;
}

/**
 * The daily quota as the API reports it on every answer (`quota_max`, `quota_remaining`). Once it is
 * used up, calls fail at once with QuotaExhaustedError (no request is sent) until the rollover.
 */
export class QuotaGauge {
  private max: number | null = null;
  private remaining: number | null = null;
  private resetsAt: number;
  private inFlight = 0;

  constructor(
    private readonly clock: Clock,
    private readonly rolloverAt: (now: number) => number = nextUtcMidnight,
    /** Requests kept back (default 0). */
    private readonly reserve = 0,
  ) {
    this.resetsAt = rolloverAt(clock.now());
  }

  get state(): QuotaState {
    this.roll();
    return { max: this.max, remaining: this.remaining, resetsAt: this.resetsAt, inFlight: this.inFlight };
  }

  /** Admits one call (throws QuotaExhaustedError when none is left); call the returned function when it ends. */
  admit(): () => void {
    this.roll();
    if (this.remaining !== null && this.remaining - this.inFlight <= this.reserve) throw new QuotaExhaustedError(this.max, this.resetsAt);
    this.inFlight++;
    let done = false;
    return () => {
      if (!done) this.inFlight--;
      done = true;
    };
  }

  /** Records what an answer said. */
  update(max: number, remaining: number): void {
    this.roll();
    this.max = max;
    this.remaining = remaining;
  }

  /** The server said the quota is used up; requests resume at `until` (default: the rollover). */
  exhaust(until?: number): void {
    this.remaining = 0;
    if (until !== undefined) this.resetsAt = until;
  }

  private roll(): void {
    const now = this.clock.now();
    if (now >= this.resetsAt) {
      this.remaining = null;
      this.resetsAt = this.rolloverAt(now);
    }
  }
}
