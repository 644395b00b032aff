import { sleep } from './clock.js';

/**
 * Keeps request starts under `perSecond` in every sliding one-second window, across concurrent
 * callers, spaced evenly (1/perSecond apart): each caller reserves a start time synchronously, then waits for it. The API's abuse
 * limit is 30/s per IP; the default of 25 leaves a margin for timing jitter.
 */
export class BurstLimiter {
  private readonly starts: number[] = [];
  private pausedUntil = 0;

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    if (!(perSecond > 0)) throw new RangeError('perSecond must be positive');
  }

  /** Blocks every start until `until` (epoch ms), e.g. while the IP is banned. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Reserves the next start slot and waits for it. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    // a start more than a second ago can no longer constrain a slot from now on
    while (this.starts.length > 0 && this.starts[0]! <= now - 1000) this.starts.shift();
    let at = Math.max(now, this.pausedUntil);
    // evenly spaced, never a burst: a late request then cannot pile up with the next second's
    const last = this.starts[this.starts.length - 1];
    if (last !== undefined) at = Math.max(at, last + 1000 / this.perSecond);
    const n = Math.floor(this.perSecond);
    if (this.starts.length >= n) at = Math.max(at, this.starts[this.starts.length - n]! + 1000 + 1);
    this.starts.push(at);
    await sleep(at - now, signal);
  }
}
