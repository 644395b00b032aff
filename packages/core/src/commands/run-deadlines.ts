/** A run's deadline, as RunDeadlines keeps it. */
export interface Deadline {
  /** When it is due (the `now()` of RunDeadlines, in ms). */
  at: number;
  /** Called once when it is due (unless removed before). */
  expire(): void;
}

/**
 * The timeouts of an application's running commands, on one shared timer. A timer of its own per
 * run (armed at the start, cleared a few ms later when the command ends) cost ≈ 18 µs on each
 * reply's path: Node makes, schedules and drops a timer list for the duration every time
 * (docs/design/latency.md). Here a run adds and removes an entry; the timer is re-armed only when a
 * deadline is earlier than the one it waits for, and when it fires it expires what is due and waits
 * for the next. The timer does not keep the process alive (the command's own work does).
 */
export class RunDeadlines {
  private readonly pending = new Set<Deadline>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  constructor(readonly now: () => number = Date.now) {}

  /** Number of deadlines waiting. */
  get size(): number {
    return this.pending.size;
  }

  /** Adds a deadline due at `d.at`. */
  add(d: Deadline): void {
    this.pending.add(d);
    if (d.at < this.timerAt) this.arm(d.at);
  }

  /** Forgets a deadline (its `expire` is not called). The timer stays armed and finds nothing due. */
  remove(d: Deadline): void {
    this.pending.delete(d);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.due(), Math.max(0, at - this.now()));
    this.timer.unref();
  }

  private due(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.now();
    let next = Infinity;
    for (const d of [...this.pending]) {
      if (d.at <= now) {
        this.pending.delete(d);
        d.expire();
      } else if (d.at < next) next = d.at;
    }
    // a timer can fire a little before its time on the clock `now` reads: what is not due yet waits again
    if (next < Infinity) this.arm(next);
  }
}
