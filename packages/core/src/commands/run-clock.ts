import type { Deadline, RunDeadlines } from './run-deadlines.js';

/**
 * A command's timeout that can be paused: while the command waits for a user's answer
 * (`ctx.ask`, `ctx.confirm`, each bounded by its own timeout) its own clock stands still, so a
 * question with a 60 s timeout does not need a command timeout above 60 s. The clock waits on the
 * application's shared timer (`deadlines`, the runner's) and reads its clock.
 */
export class RunClock implements Deadline {
  /** Resolves when the run's time is up. */
  readonly expired: Promise<void>;
  /** When the running clock is due (`deadlines.now()` ms; Infinity while paused or done). */
  at = Infinity;
  private fire!: () => void;
  private left: number;
  private since = 0;
  private pauses = 0;
  private done = false;

  constructor(ms: number, private readonly deadlines: RunDeadlines) {
    this.left = ms;
    this.expired = new Promise<void>((resolve) => (this.fire = resolve));
    this.arm();
  }

  /** Stops the clock until the returned function is called (pauses nest; calling it twice is harmless). */
  pause(): () => void {
    if (this.pauses++ === 0 && !this.done) {
      this.disarm();
      this.left -= this.deadlines.now() - this.since;
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

  /** Called by the shared deadlines when the time is up. */
  expire(): void {
    if (this.done) return;
    this.done = true;
    this.at = Infinity;
    this.fire();
  }

  private arm(): void {
    this.since = this.deadlines.now();
    this.at = this.since + Math.max(0, this.left);
    this.deadlines.add(this);
  }

  private disarm(): void {
    this.at = Infinity;
    this.deadlines.remove(this);
  }
}
