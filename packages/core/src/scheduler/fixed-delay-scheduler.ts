import type { Logger } from 'pino';
import { LifecycleError } from '../errors.js';
import type { JobInfo, ScheduledJob, Scheduler } from './scheduler.js';

/** How long stop() waits for runs in progress when no grace period is given. */
export const DEFAULT_STOP_GRACE_MS = 10_000;
/** The longest delay a Node timer takes (about 24.8 days); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface JobState {
  job: ScheduledJob;
  runs: number;
  errors: number;
  timer: NodeJS.Timeout | null;
  inFlight: Promise<void> | null;
  /** Aborted when a stop's grace period ends while the run is still going. */
  abort: AbortController | null;
  generation: number;
  /** Stopped by name (`stopJob`): not scheduled again until `startJob`. */
  paused: boolean;
  lastRunAt: number | null;
  lastError: { message: string; at: number } | null;
  nextRunAt: number | null;
  /** The time the run in progress (or the last one) was planned for: a cron job's next time is computed from it. */
  plannedAt: number;
}

/**
 * A fixed-delay scheduler: a job runs, and only when that run has finished (resolved or thrown) is
 * the next one scheduled `intervalMs` later — so a job never overlaps itself however slow it is.
 * A throwing run is logged with its stack and the schedule continues. Stopping is bounded: runs
 * that outlive the grace period get their signal aborted and are logged, never waited for forever.
 * Jobs can be stopped, started again and removed by name at run time (`stopJob`, `startJob`,
 * `remove`): a run in progress is not interrupted, only not followed by another.
 * A job with a `schedule` (cron) runs at the schedule's times instead: its first run when it starts
 * is what the schedule says (the missed-run policy), then the schedule's next time after each run
 * (times that passed during a long run are skipped: runs never overlap).
 */
export class FixedDelayScheduler implements Scheduler {
  private readonly states: JobState[] = [];
  private isRunning = false;
  private generation = 0;

  constructor(private readonly logger: Logger, private readonly now: () => number = Date.now) {}

  get running(): boolean {
    return this.isRunning;
  }

  add(job: ScheduledJob): void {
    if (!(job.intervalMs >= 0) || !Number.isFinite(job.intervalMs)) throw new RangeError(`job ${job.name}: interval must be a finite number ≥ 0`);
    const state: JobState = { job, runs: 0, errors: 0, timer: null, inFlight: null, abort: null, generation: this.generation, paused: false, lastRunAt: null, lastError: null, nextRunAt: null, plannedAt: 0 };
    this.states.push(state);
    if (this.isRunning) this.begin(state);
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.generation++;
    for (const s of this.states) {
      s.generation = this.generation;
      // A run left over from before a stop is still finishing: it schedules the next run itself.
      if (!s.inFlight && !s.paused) this.begin(s);
    }
  }

  async stop(graceMs: number = DEFAULT_STOP_GRACE_MS): Promise<void> {
    this.isRunning = false;
    this.generation++;
    for (const s of this.states) this.clear(s);
    const running = this.states.filter((s) => s.inFlight);
    if (running.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(running.map((s) => s.inFlight)).then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), Math.max(0, graceMs)))),
    ]);
    clearTimeout(timer);
    if (finished) return;
    for (const s of running) {
      if (!s.inFlight) continue;
      this.logger.warn({ task: s.job.name, graceMs }, `background task ${s.job.name} did not finish within the stop grace period: told to give up, not waited for`);
      s.abort?.abort(new LifecycleError(`the scheduler stopped and task ${s.job.name} outlived the grace period`));
    }
  }

  describe(): JobInfo[] {
    return this.states.map((s) => ({
      name: s.job.name,
      intervalMs: s.job.schedule ? null : s.job.intervalMs,
      cron: s.job.schedule?.cron ?? null,
      timezone: s.job.schedule?.timezone ?? null,
      state: s.inFlight ? 'running' : s.paused ? 'stopped' : this.isRunning ? 'scheduled' : 'idle',
      runs: s.runs,
      errors: s.errors,
      lastRunAt: s.lastRunAt,
      lastError: s.lastError ? { ...s.lastError } : null,
      nextRunAt: s.paused || !this.isRunning ? null : s.nextRunAt,
    }));
  }

  /** Stops one job: no run after the one in progress, which is awaited (at most `graceMs`). False when unknown. */
  async stopJob(name: string, graceMs: number = DEFAULT_STOP_GRACE_MS): Promise<boolean> {
    const s = this.find(name);
    if (!s) return false;
    s.paused = true;
    this.clear(s);
    await this.settle(s, graceMs);
    return true;
  }

  /** Starts a job stopped by name again (its next run at once). False when unknown. */
  startJob(name: string): boolean {
    const s = this.find(name);
    if (!s) return false;
    if (!s.paused) return true;
    s.paused = false;
    if (this.isRunning && !s.inFlight) {
      s.generation = this.generation;
      this.begin(s);
    }
    return true;
  }

  /** Removes a job for good; a run in progress finishes (awaited at most `graceMs`). False when unknown. */
  async remove(name: string, graceMs: number = DEFAULT_STOP_GRACE_MS): Promise<boolean> {
    const s = this.find(name);
    if (!s) return false;
    s.paused = true;
    this.clear(s);
    this.states.splice(this.states.indexOf(s), 1);
    await this.settle(s, graceMs);
    return true;
  }

  jobs(): { name: string; runs: number; errors: number; active: boolean }[] {
    return this.states.map((s) => ({ name: s.job.name, runs: s.runs, errors: s.errors, active: s.inFlight !== null }));
  }

  private find(name: string): JobState | undefined {
    return this.states.find((s) => s.job.name === name);
  }

  private clear(s: JobState): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.nextRunAt = null;
  }

  /** Waits for the job's run in progress, at most `graceMs`; past it the run is told to give up. */
  private async settle(s: JobState, graceMs: number): Promise<void> {
    const running = s.inFlight;
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([running.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), Math.max(0, graceMs))))]);
    clearTimeout(timer);
    if (!finished) s.abort?.abort(new LifecycleError(`task ${s.job.name} was stopped and outlived the grace period`));
  }

  /** The first run once a job starts: at once, or when its schedule says (asked asynchronously: it may read storage). */
  private begin(s: JobState): void {
    const schedule = s.job.schedule;
    if (!schedule) return this.launch(s, 0);
    const generation = s.generation;
    const asked = this.now();
    schedule.firstDelay(asked).then(
      (delay) => {
        if (!this.isRunning || generation !== this.generation || s.paused || s.inFlight || s.timer || !this.states.includes(s)) return;
        if (delay !== null) this.launch(s, Math.max(0, asked + delay - this.now()), asked + delay);
      },
      (err) => this.logger.error({ err, task: s.job.name }, `background task ${s.job.name}: its schedule failed; it does not run until started again`),
    );
  }

  /** After a run: the fixed delay, or the schedule's next time (from the planned time, so a timer that fired a little early cannot run it twice). */
  private next(s: JobState): void {
    const schedule = s.job.schedule;
    if (!schedule) return this.launch(s, s.job.intervalMs);
    const now = this.now();
    const at = schedule.nextAt(Math.max(now, s.plannedAt));
    if (at !== null) this.launch(s, Math.max(0, at - now), at);
  }

  /** Runs the job after `delayMs`; `at`: the time it is planned for (shown as nextRunAt). */
  private launch(s: JobState, delayMs: number, at: number = this.now() + delayMs): void {
    const generation = s.generation;
    s.nextRunAt = at;
    const wait = Math.min(delayMs, MAX_TIMER_MS);
    s.timer = setTimeout(() => {
      s.timer = null;
      if (!this.isRunning || generation !== this.generation || s.paused) return;
      if (wait < delayMs) return this.launch(s, delayMs - wait, at); // a wait longer than a timer takes
      s.plannedAt = s.nextRunAt ?? this.now();
      s.nextRunAt = null;
      s.inFlight = this.runOnce(s).finally(() => {
        s.inFlight = null;
        if (!(this.isRunning && s.generation === this.generation && !s.paused && this.states.includes(s))) return;
        this.next(s);
      });
    }, wait);
    s.timer.unref?.();
  }

  private async runOnce(s: JobState): Promise<void> {
    s.runs++;
    s.lastRunAt = this.now();
    void s.job.schedule?.ran(s.lastRunAt);
    const abort = new AbortController();
    s.abort = abort;
    try {
      await s.job.run(abort.signal);
    } catch (err) {
      s.errors++;
      s.lastError = { message: err instanceof Error ? err.message : String(err), at: this.now() };
      this.logger.error({ err, task: s.job.name }, `background task ${s.job.name} failed; it stays scheduled`);
    } finally {
      if (s.abort === abort) s.abort = null;
    }
  }
}
