/**
 * A command's timeout that can be paused: while the command waits for a user's answer
 * (`ctx.ask`, `ctx.confirm`, each bounded by its own timeout) its own clock stands still, so a
 * question with a 60 s timeout does not need a command timeout above 60 s.
 */
export class RunClock {
  /** Resolves when the run's time is up. */
  readonly expired: Promise<void>;
  private fire!: () => void;
  private timer: NodeJS.Timeout | undefined;
  private left: number;
  private since = 0;
  private pauses = 0;
  private done = false;

  constructor(ms: number, private readonly now: () => number = Date.now) {
    this.left = ms;
    this.expired = new Promise<void>((resolve) => (this.fire = resolve));
    this.arm();
  }

  /** Stops the clock until the returned function is called (pauses nest; calling it twice is harmless). */
  pause(): () => void {
    if (this.pauses++ === 0 && !this.done) {
      clearTimeout(this.timer);
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
    clearTimeout(this.timer);
  }

  private arm(): void {
    this.since = this.now();
    this.timer = setTimeout(() => {
      this.done = true;
      this.fire();
    }, Math.max(0, this.left));
  }
}
