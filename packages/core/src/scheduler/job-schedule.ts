/**
 * When a job runs, for jobs that do not simply repeat after a fixed delay (cron tasks). The
 * scheduler asks it for the first run whenever the job starts (scheduler start, failover, start by
 * name) and for the next run after each run; everything else (no overlap, errors, stop grace,
 * abort signal) stays the scheduler's.
 */
export interface JobSchedule {
  /** The pattern, for `app.tasks` and `/health`. */
  readonly cron: string;
  /** The time zone the pattern is read in; null: the process's. */
  readonly timezone: string | null;
  /**
   * Milliseconds from `now` to the first run once the job starts: 0 runs it at once (a missed run
   * caught up), null means it never runs again. Applies the missed-run policy; may read storage (bounded).
   */
  firstDelay(now: number): Promise<number | null>;
  /** Epoch ms of the first run strictly after `after`, or null when there is none. */
  nextAt(after: number): number | null;
  /** Told when a run starts (the missed-run record); never rejects. */
  ran(at: number): Promise<void>;
}
