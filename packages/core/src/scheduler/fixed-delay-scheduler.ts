import type { Logger } from 'pino';
import { LifecycleError } from '../errors.js';
import type { ScheduledJob, Scheduler } from './scheduler.js';

/** How long stop() waits for runs in progress when no grace period is given. */
export const DEFAULT_STOP_GRACE_MS = 10_000;

interface JobState {
  job: ScheduledJob;
  runs: number;
  errors: number;
  timer: NodeJS.Timeout | null;
  inFlight: Promise<void> | null;
  /** Aborted when a stop's grace period ends while the run is still going. */
  abort: AbortController | null;
  generation: number;
}

/**
 * A fixed-delay scheduler: a job runs, and only when that run has finished (resolved or thrown) is
 * the next one scheduled `intervalMs` later — so a job never overlaps itself however slow it is.
 * A throwing run is logged with its stack and the schedule continues. Stopping is bounded: runs
 * that outlive the grace period get their signal aborted and are logged, never waited for forever.
 */
export class FixedDelayScheduler implements Scheduler {
  private readonly states: JobState[] = [];
  private isRunning = false;
  private generation = 0;

  constructor(private readonly logger: Logger) {}

  get running(): boolean {
    return this.isRunning;
  }

  add(job: ScheduledJob): void {
    if (!(job.intervalMs >= 0) || !Number.isFinite(job.intervalMs)) throw new RangeError(`job ${job.name}: interval must be a finite number ≥ 0`);
    const state: JobState = { job, runs: 0, errors: 0, timer: null, inFlight: null, abort: null, generation: this.generation };
    this.states.push(state);
    if (this.isRunning) this.launch(state, 0);
  }

  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.generation++;
    for (const s of this.states) {
      s.generation = this.generation;
      // A run left over from before a stop is still finishing: it schedules the next run itself.
      if (!s.inFlight) this.launch(s, 0);
    }
  }

  async stop(graceMs: number = DEFAULT_STOP_GRACE_MS): Promise<void> {
    this.isRunning = false;
    this.generation++;
    for (const s of this.states) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    }
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

  jobs(): { name: string; runs: number; errors: number; active: boolean }[] {
    return this.states.map((s) => ({ name: s.job.name, runs: s.runs, errors: s.errors, active: s.inFlight !== null }));
  }

  private launch(s: JobState, delayMs: number): void {
    const generation = s.generation;
    s.timer = setTimeout(() => {
      s.timer = null;
      if (!this.isRunning || generation !== this.generation) return;
      s.inFlight = this.runOnce(s).finally(() => {
        s.inFlight = null;
        if (this.isRunning && s.generation === this.generation) this.launch(s, s.job.intervalMs);
      });
    }, delayMs);
    s.timer.unref?.();
  }

  private async runOnce(s: JobState): Promise<void> {
    s.runs++;
    const abort = new AbortController();
    s.abort = abort;
    try {
      await s.job.run(abort.signal);
    } catch (err) {
      s.errors++;
      this.logger.error({ err, task: s.job.name }, `background task ${s.job.name} failed; it stays scheduled`);
    } finally {
      if (s.abort === abort) s.abort = null;
    }
  }
}
