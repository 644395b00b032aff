/**
 * A recurring job: `run` is awaited, then the scheduler waits `intervalMs` before the next run.
 * `signal` is aborted when the scheduler stops and the run outlives the stop grace period.
 */
export interface ScheduledJob {
  readonly name: string;
  readonly intervalMs: number;
  run(signal: AbortSignal): unknown;
}

/** What `app.tasks` tells about one job. Times are epoch milliseconds. */
export interface JobInfo {
  readonly name: string;
  readonly intervalMs: number;
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
