import { UnsupportedError } from '../errors.js';
import type { JobInfo, Scheduler } from './scheduler.js';

/**
 * `app.tasks`: the background tasks at run time (BotpySE's `start_task`/`stop_task`/`is_alive`):
 * list them with their state, last run, last error and next run; stop, start and remove one by
 * name. A task stopped by name stays stopped across standby/failover until started again.
 */
export class TaskControl {
  constructor(private readonly scheduler: Scheduler) {}

  /** Every task (the application's own `housekeeping` job included), in the order added. */
  list(): JobInfo[] {
    if (this.scheduler.describe) return this.scheduler.describe();
    // a custom scheduler without details: what jobs() says
    return this.scheduler.jobs().map((j) => ({
      name: j.name, intervalMs: null, cron: null, timezone: null, state: j.active ? 'running' : this.scheduler.running ? 'scheduled' : 'idle', runs: j.runs, errors: j.errors,
      lastRunAt: null, lastError: null, nextRunAt: null,
    }));
  }

  /** One task by name, or undefined. */
  get(name: string): JobInfo | undefined {
    return this.list().find((t) => t.name === name);
  }

  /** Stops a task (a run in progress finishes first, bounded). False when there is no such task. */
  stop(name: string): Promise<boolean> {
    if (!this.scheduler.stopJob) return Promise.reject(new UnsupportedError('stopJob', 'the scheduler in use cannot stop one task'));
    return this.scheduler.stopJob(name);
  }

  /** Starts a task stopped by name again (it runs at once when the application is active). False when there is no such task. */
  start(name: string): boolean {
    if (!this.scheduler.startJob) throw new UnsupportedError('startJob', 'the scheduler in use cannot start one task');
    return this.scheduler.startJob(name);
  }

  /** Removes a task for good (`app.addBackgroundTask` adds one). False when there is no such task. */
  remove(name: string): Promise<boolean> {
    if (!this.scheduler.remove) return Promise.reject(new UnsupportedError('remove', 'the scheduler in use cannot remove a task'));
    return this.scheduler.remove(name);
  }
}
