import type { Deadline, RunDeadlines } from './run-deadlines.js';

/**
 * A command's timeout that can be paused: while the command waits for a user's answer
 * (`ctx.ask`, `ctx.confirm`, each bounded by its own timeout) its own clock stands still, so a
 * question with a 60 s timeout does not need a command timeout above 60 s.
 *
 * With `deadlines` (the run stage passes the application's), the clock waits on their shared
 * timer instead of a timer of its own.
 */
export class RunClock implements Deadline {
  /** Resolves when the run's time is up. */
  readonly expired: Promise<void>;
  /** When the running clock is due (`now()` ms; Infinity while paused or done). */
  at = Infinity;
  private fire!: () => void;
  private timer: NodeJS.Timeout | undefined;
  private left: number;
  private since = 0;
  private pauses = 0;
  private done = false;

  constructor(ms: number, private readonly now: () => number = Date.now, private readonly deadlines?: RunDeadlines) {
    this.left = ms;
    this.expired = new Promise<void>((resolve) => (this.fire = resolve));
    this.arm();
  }

  /** Stops the clock until the returned function is called (pauses nest; calling it twice is harmless). */
  pause(): () => void {
    if (this.pauses++ === 0 && !this.done) {
      this.disarm();
      this.left -= this.now() - this.since;
    }
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      if (--this.pauses === 0 && !this.done) this.arm();
    };
  }

  /** Stops the clock for good (the run ended). */
  clear(): void {
    this.done = true;
    this.disarm();
  }

  /** Called when the time is up (by the shared deadlines or the clock's own timer). */
  expire(): void {
    if (this.done) return;
    this.done = true;
    this.at = Infinity;
    this.fire();
  }

  private arm(): void {
    this.since = this.now();
    const left = Math.max(0, this.left);
    if (this.deadlines) {
      this.at = this.deadlines.now() + left;
      this.deadlines.add(this);
      return;
    }
    this.timer = setTimeout(() => this.expire(), left);
  }

  private disarm(): void {
    this.at = Infinity;
    if (this.deadlines) this.deadlines.remove(this);
    else clearTimeout(this.timer);
  }
}
