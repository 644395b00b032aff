import { setTimeout as sleep } from 'node:timers/promises';
import { BadKeyError, FileTooLargeError, RedundaUnavailableError, UnsafeNameError } from './errors.js';

export interface RetryPolicy {
  /** Extra attempts after the first (default 3). */
  retries: number;
  /** First delay in ms (default 250); doubles each attempt, with jitter. */
  minMs: number;
  /** Cap of the delay in ms (default 10000). */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, minMs: 250, maxMs: 10_000 };

/** Errors worth another attempt: not a bad key, not a bad name or size, not an abort. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof BadKeyError || err instanceof UnsafeNameError || err instanceof FileTooLargeError) return false;
  if (err instanceof RedundaUnavailableError && err.kind === 'aborted') return false;
  return true;
}

/** Runs `fn` with capped exponential backoff (for transfers; the ping has its own fixed cadence). */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= policy.retries || !isRetryable(err) || signal?.aborted) throw err;
      const base = Math.min(policy.maxMs, policy.minMs * 2 ** attempt);
      try {
        await sleep(base / 2 + Math.random() * (base / 2), undefined, { signal });
      } catch {
        throw err;
      }
    }
  }
}
