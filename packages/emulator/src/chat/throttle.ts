/** Per-account token bucket (spec §8.1): a burst is allowed, then `perSecond` actions. */
export class TokenBucket {
  private tokens: number | null = null;
  private updatedAt = 0;

  /**
   * Takes one token at `nowMs`. Returns 0 when allowed, else the whole seconds (≥ 1) to wait.
   */
  take(nowMs: number, burst: number, perSecond: number): number {
    if (this.tokens === null) {
      this.tokens = burst;
      this.updatedAt = nowMs;
    }
    const elapsed = Math.max(0, nowMs - this.updatedAt) / 1000;
    this.tokens = Math.min(burst, this.tokens + elapsed * perSecond);
    this.updatedAt = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    if (perSecond <= 0) return 3600;
    return Math.max(1, Math.ceil((1 - this.tokens) / perSecond));
  }
}

/** The 409 body (spec §8.1), singular for one second. */
export function throttleMessage(seconds: number): string {
  return seconds === 1 ? 'You can perform this action again in 1 second.' : `You can perform this action again in ${seconds} seconds.`;
}
