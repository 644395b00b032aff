import type { Logger } from 'pino';
import type { ScheduledJob, Scheduler } from './scheduler.js';

interface JobState {
  job: ScheduledJob;
  runs: number;
  errors: number;
  timer: NodeJS.Timeout | null;
  inFlight: Promise<void> | null;
  generation: number;
}

/**
 * A fixed-delay scheduler: a job runs, and only when that run has finished (resolved or thrown) is
 * the next one scheduled `intervalMs` later — so a job never overlaps itself however slow it is.
 * A throwing run is logged with its stack and the schedule continues.
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
    const state: JobState = { job, runs: 0, errors: 0, timer: null, inFlight: null, generation: this.generation };
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

  async stop(): Promise<void> {
    this.isRunning = false;
    this.generation++;
    for (const s of this.states) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    }
    await Promise.all(this.states.map((s) => s.inFlight));
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
    try {
      await s.job.run();
    } catch (err) {
      s.errors++;
      this.logger.error({ err, task: s.job.name }, `background task ${s.job.name} failed; it stays scheduled`);
    }
  }
}
