import { sleep } from './clock.js';

/**
 * Keeps request starts under `perSecond` in every sliding one-second window, across concurrent
 * callers, spaced evenly (1/perSecond apart). Callers take turns, and each start is recorded when it
 * really happens: a stalled event loop delays the following starts instead of letting timers that
 * were due fire together. The API's abuse limit is 30/s per IP; the default of 25 leaves a margin.
 */
export class BurstLimiter {
  private readonly starts: number[] = [];
  private pausedUntil = 0;
  private turn: Promise<void> = Promise.resolve();

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

  /** Waits for this caller's turn and a free slot; resolves at the moment the request may start. */
  acquire(signal?: AbortSignal): Promise<void> {
    const mine = this.turn.then(() => this.take(signal));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    const n = Math.max(1, Math.floor(this.perSecond));
    const spacing = 1000 / this.perSecond;
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - 1000) this.starts.shift();
      let at = Math.max(now, this.pausedUntil);
      const last = this.starts[this.starts.length - 1];
      if (last !== undefined) at = Math.max(at, last + spacing);
      if (this.starts.length >= n) at = Math.max(at, this.starts[this.starts.length - n]! + 1001);
      if (at <= now) {
        this.starts.push(now);
        return;
      }
      await sleep(at - now, signal);
    }
  }
}
