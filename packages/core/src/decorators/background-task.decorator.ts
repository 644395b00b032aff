import { injectable } from '../commonjs-packages.js';

/** Options of `@BackgroundTask`. */
export interface BackgroundTaskOptions {
  /** Seconds between the end of one run and the start of the next (default 30; fractions allowed). Not together with `cron`. */
  interval?: number;
  /**
   * A cron pattern instead of an interval (croner's syntax: 5 fields, or 6 with seconds first;
   * `@daily`, `@hourly`… too), e.g. `'0 9 * * 1-5'` = 09:00 on weekdays. Not together with `interval`.
   * The first run is at the next matching time (not at once); see docs/background-tasks.md.
   */
  cron?: string;
  /** The IANA time zone the cron pattern is read in (e.g. `'Europe/Berlin'`; default: the process's zone). Only with `cron`. */
  timezone?: string;
  /**
   * A cron time that passed while the bot was stopped or on standby: false (default) skips it and
   * waits for the next one; true runs the task once at once when the bot starts or takes over. Only with `cron`.
   */
  catchUp?: boolean;
  /** Name for logs (default: the class name). */
  name?: string;
}

/** What a background task class must implement. */
export interface BackgroundTaskHandler {
  /**
   * A returned promise is awaited before the next run is scheduled. `signal` is aborted when the
   * application stops (or goes to standby) and the run outlives the `stopGrace` period: a run that
   * waits on something should give up then; it is not waited for any longer either way.
   */
  run(signal: AbortSignal): unknown;
}

export type BackgroundTaskClass = new (...args: any[]) => BackgroundTaskHandler;

/** Default interval in seconds. */
export const DEFAULT_TASK_INTERVAL = 30;

const TASK_METADATA = Symbol.for('botpy:background-task');

/** Marks a class as a background task. Only records metadata; `bootstrap()` or `app.addBackgroundTask()` schedules it. */
export function BackgroundTask(options: BackgroundTaskOptions = {}): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(TASK_METADATA, options, target);
    injectable()(target as unknown as new (...args: any[]) => unknown);
  };
}

/** The options recorded by `@BackgroundTask`, or undefined when the class is not decorated. */
export function getBackgroundTaskMetadata(target: unknown): BackgroundTaskOptions | undefined {
  return typeof target === 'function' ? (Reflect.getOwnMetadata(TASK_METADATA, target) as BackgroundTaskOptions | undefined) : undefined;
}
