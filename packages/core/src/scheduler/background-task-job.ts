import type { DependencyContainer } from 'tsyringe';
import { getBackgroundTaskMetadata, DEFAULT_TASK_INTERVAL, type BackgroundTaskClass } from '../decorators/background-task.decorator.js';
import { ConfigError } from '../errors.js';
import { ErrorLog } from '../reporting/error-log.js';
import { Logger, Storage } from '../tokens.js';
import { CronRunRecord } from './cron-run-record.js';
import { CronSchedule } from './cron-schedule.js';
import type { ScheduledJob } from './scheduler.js';

/** Checks a `@BackgroundTask` class and makes its job (the instance resolved from the container). */
export function backgroundTaskJob(type: BackgroundTaskClass, container: DependencyContainer): ScheduledJob {
  const meta = getBackgroundTaskMetadata(type);
  if (!meta) throw new ConfigError(`${type.name} is not decorated with @BackgroundTask`);
  const name = meta.name ?? type.name;
  if (meta.cron !== undefined && meta.interval !== undefined) {
    throw new ConfigError(`${type.name}: give either interval or cron, not both (interval: every N seconds; cron: at the times a pattern matches)`);
  }
  if (meta.cron === undefined && (meta.timezone !== undefined || meta.catchUp !== undefined)) {
    throw new ConfigError(`${type.name}: ${meta.timezone !== undefined ? 'timezone' : 'catchUp'} applies to cron schedules only: add a cron pattern or remove it`);
  }
  if (meta.catchUp !== undefined && typeof meta.catchUp !== 'boolean') throw new ConfigError(`${type.name}: catchUp must be true or false`);
  const schedule = meta.cron === undefined ? undefined : new CronSchedule({
    task: name, cron: meta.cron, timezone: meta.timezone, catchUp: meta.catchUp,
    record: container.isRegistered(Storage, true) ? new CronRunRecord(container.resolve(Storage)) : null,
    logger: container.resolve(Logger),
  });
  const interval = meta.interval ?? DEFAULT_TASK_INTERVAL;
  if (!(typeof interval === 'number' && interval >= 0 && Number.isFinite(interval))) {
    throw new ConfigError(`${type.name}: interval must be a number of seconds ≥ 0, got ${String(interval)}`);
  }
  if (typeof type.prototype.run !== 'function') throw new ConfigError(`${type.name} has no run() method`);
  const instance = container.resolve(type);
  const errors = container.isRegistered(ErrorLog, true) ? container.resolve(ErrorLog) : null;
  const run = errors
    ? async (signal: AbortSignal) => {
      try {
        return await instance.run(signal);
      } catch (err) {
        errors.record('task', name, err);
        throw err; // the scheduler logs it and keeps the schedule
      }
    }
    : (signal: AbortSignal) => instance.run(signal);
  return { name, intervalMs: schedule ? 0 : interval * 1000, ...(schedule ? { schedule } : {}), run };
}
