import { sleep } from './clock.js';
import { BackoffTooLongError } from './errors.js';

export interface MethodGateOptions {
  /** Added to every backoff the API asks for (default 1000 ms). */
  marginMs: number;
  /** How long a method runs one call at a time after its last backoff (default 10 min). */
  guardMs: number;
  /** A backoff longer than this is not waited for: BackoffTooLongError (default 5 min). */
  maxWaitMs: number;
  /**
   * Calls of one method in flight at once while it has no recent backoff (default 1). With 1, no call
   * is ever in flight when a backoff arrives, so none can break it; above 1, calls already sent when a
   * backoff arrives may reach the server inside it (the method then drops to one at a time).
   */
  concurrency: number;
  now: () => number;
}

interface MethodState {
  /** No call of this method may start before this (epoch ms). */
  until: number;
  /** Until then the method is "backoff-prone": one call in flight at a time. */
  guardedUntil: number;
  /** True once the method got an answer from the API. */
  answered: boolean;
  inFlight: number;
  wake: (() => void)[];
}

/** What a call reports when it leaves the gate. */
export interface GateExit {
  /** Seconds of `backoff` the answer carried. */
  backoff?: number;
  /** True when the API answered (any answer, also an error), false on a network failure. */
  answered: boolean;
}

/**
 * Per-method backoff (api.stackexchange.com/docs/throttle: a `backoff` applies to the method that
 * returned it), shared by every concurrent caller of one client. A method that has not answered yet,
 * or that asked for a backoff recently, runs one call at a time, so no call can be in flight when a
 * backoff arrives; other methods run up to `concurrency` calls at once (default 1: strictly safe).
 */
export class MethodGate {
  private readonly states = new Map<string, MethodState>();

  constructor(private readonly o: MethodGateOptions) {}

  private state(method: string): MethodState {
    let s = this.states.get(method);
    if (!s) this.states.set(method, (s = { until: 0, guardedUntil: 0, answered: false, inFlight: 0, wake: [] }));
    return s;
  }

  /** Milliseconds until `method` may be called again (0 = now). */
  waitFor(method: string): number {
    return Math.max(0, (this.states.get(method)?.until ?? 0) - this.o.now());
  }

  /** Records a backoff (seconds) for `method`, as if an answer carried it. */
  backoff(method: string, seconds: number): void {
    const s = this.state(method);
    const now = this.o.now();
    s.until = Math.max(s.until, now + seconds * 1000 + this.o.marginMs);
    s.guardedUntil = now + this.o.guardMs;
  }

  /** Waits until a call of `method` may start; call the returned function with the outcome. */
  async enter(method: string, signal?: AbortSignal): Promise<(exit: GateExit) => void> {
    const s = this.state(method);
    for (;;) {
      const now = this.o.now();
      const limit = !s.answered || now < s.guardedUntil ? 1 : Math.max(1, this.o.concurrency);
      if (s.inFlight >= limit) {
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => reject(signal!.reason);
          if (signal?.aborted) return onAbort();
          signal?.addEventListener('abort', onAbort, { once: true });
          s.wake.push(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          });
        });
        continue;
      }
      const wait = s.until - now;
      if (wait > this.o.maxWaitMs) throw new BackoffTooLongError(method, wait);
      if (wait > 0) {
        await sleep(wait, signal);
        continue;
      }
      s.inFlight++;
      let done = false;
      return (exit) => {
        if (done) return;
        done = true;
        s.inFlight--;
        if (exit.answered) s.answered = true;
        if (exit.backoff !== undefined && exit.backoff > 0) this.backoff(method, exit.backoff);
        const waiting = s.wake.splice(0);
        for (const w of waiting) w();
      };
    }
  }
}
