import type { DependencyContainer } from 'tsyringe';
import { getBackgroundTaskMetadata, DEFAULT_TASK_INTERVAL, type BackgroundTaskClass } from '../decorators/background-task.decorator.js';
import { ConfigError } from '../errors.js';
import type { ScheduledJob } from './scheduler.js';

/** Checks a `@BackgroundTask` class and makes its job (the instance resolved from the container). */
export function backgroundTaskJob(type: BackgroundTaskClass, container: DependencyContainer): ScheduledJob {
  const meta = getBackgroundTaskMetadata(type);
  if (!meta) throw new ConfigError(`${type.name} is not decorated with @BackgroundTask`);
  const interval = meta.interval ?? DEFAULT_TASK_INTERVAL;
  if (!(typeof interval === 'number' && interval >= 0 && Number.isFinite(interval))) {
    throw new ConfigError(`${type.name}: interval must be a number of seconds ≥ 0, got ${String(interval)}`);
  }
  if (typeof type.prototype.run !== 'function') throw new ConfigError(`${type.name} has no run() method`);
  const instance = container.resolve(type);
  return { name: meta.name ?? type.name, intervalMs: interval * 1000, run: (signal) => instance.run(signal) };
}
