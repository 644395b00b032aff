import type { JobSchedule } from './job-schedule.js';

/**
 * A recurring job: `run` is awaited, then the scheduler waits `intervalMs` before the next run
 * (or, with a `schedule`, until the schedule's next time: cron tasks).
 * `signal` is aborted when the scheduler stops and the run outlives the stop grace period.
 */
export interface ScheduledJob {
  readonly name: string;
  readonly intervalMs: number;
  /** Times from a schedule (cron) instead of a fixed delay; `intervalMs` is then ignored. */
  readonly schedule?: JobSchedule;
  run(signal: AbortSignal): unknown;
}

/** What `app.tasks` tells about one job. Times are epoch milliseconds. */
export interface JobInfo {
  readonly name: string;
  /** The fixed delay between runs; null for a cron task. */
  readonly intervalMs: number | null;
  /** The cron pattern of a cron task, else null. */
  readonly cron: string | null;
  /** The time zone of a cron task's pattern (null: the process's). */
  readonly timezone: string | null;
  /** `scheduled` (waiting for its next run), `running`, `stopped` (by name), `idle` (the scheduler is stopped: standby, stopping, not started). */
  readonly state: 'scheduled' | 'running' | 'stopped' | 'idle';
  readonly runs: number;
  readonly errors: number;
  readonly lastRunAt: number | null;
  readonly lastError: { readonly message: string; readonly at: number } | null;
  readonly nextRunAt: number | null;
}

/** Runs background jobs. Registered under the `Scheduler` token. */
export interface Scheduler {
  /** Adds a job; it starts at once when the scheduler is running. */
  add(job: ScheduledJob): void;
  /** Starts every job (the first run happens immediately). Idempotent. */
  start(): void;
  /**
   * Stops scheduling and waits for runs in progress to finish, at most `graceMs`; the runs still
   * going are then told to give up (their signal is aborted) and are not waited for. Idempotent.
   */
  stop(graceMs?: number): Promise<void>;
  readonly running: boolean;
  /** Names of the registered jobs with their run and error counts. */
  jobs(): { name: string; runs: number; errors: number; active: boolean }[];
  /** Optional (the default scheduler has them): details of every job, and stopping, starting and removing one job by name (false: no such job). */
  describe?(): JobInfo[];
  stopJob?(name: string, graceMs?: number): Promise<boolean>;
  startJob?(name: string): boolean;
  remove?(name: string, graceMs?: number): Promise<boolean>;
}
