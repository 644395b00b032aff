import { Cron } from 'croner';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.js';
import type { CronRunRecord } from './cron-run-record.js';
import type { JobSchedule } from './job-schedule.js';

/** How long the missed-run policy waits for the storage before it gives up on the record. */
const RECORD_TIMEOUT_MS = 5000;

/** Options of a cron schedule (from `@BackgroundTask`). */
export interface CronScheduleOptions {
  readonly task: string;
  readonly cron: string;
  readonly timezone?: string;
  /** Run once at start/takeover when a run was missed while stopped or on standby (default false: skip it). */
  readonly catchUp?: boolean;
  /** Where the last runs are kept (null: in memory only, nothing is known across restarts). */
  readonly record: CronRunRecord | null;
  readonly logger: Logger;
}

/**
 * A cron schedule (croner): runs at the times the pattern matches, in the given time zone.
 * Missed-run policy: a time that passed while the bot was stopped or on standby (after the last
 * recorded run) is skipped, unless `catchUp`, then the task runs once at once on start/takeover,
 * however many times were missed. A task that never ran with this storage has nothing to catch up.
 */
export class CronSchedule implements JobSchedule {
  readonly cron: string;
  readonly timezone: string | null;
  private readonly pattern: Cron;
  private memory: number | undefined;

  constructor(private readonly o: CronScheduleOptions) {
    this.pattern = parseCron(o.task, o.cron, o.timezone);
    this.cron = o.cron.trim();
    this.timezone = o.timezone ?? null;
  }

  nextAt(after: number): number | null {
    return this.pattern.nextRun(new Date(after))?.getTime() ?? null;
  }

  async firstDelay(now: number): Promise<number | null> {
    const last = await this.lastCovered();
    const next = this.nextAt(now);
    const missed = last === undefined ? null : this.nextAt(last);
    if (last === undefined) {
      await this.ran(now); // the reference for later starts
    } else if (missed !== null && missed <= now) {
      if (this.o.catchUp) {
        this.o.logger.info({ task: this.o.task, missed: new Date(missed).toISOString() }, `task ${this.o.task} missed its run at ${new Date(missed).toISOString()} while stopped or on standby: catching up once now`);
        return 0;
      }
      this.o.logger.info({ task: this.o.task, missed: new Date(missed).toISOString() }, `task ${this.o.task} missed its run at ${new Date(missed).toISOString()} while stopped or on standby: skipped (catchUp is off)`);
      await this.ran(now);
    }
    return next === null ? null : Math.max(0, next - now);
  }

  async ran(at: number): Promise<void> {
    this.memory = at;
    if (!this.o.record) return;
    try {
      await bounded(this.o.record.set(this.o.task, at), 'recording the run');
    } catch (err) {
      this.o.logger.warn({ err, task: this.o.task }, `task ${this.o.task}: its run could not be recorded; a restart may see it as missed`);
    }
  }

  /** The last run (or skip) recorded, from storage when there is one, else this process's memory. */
  private async lastCovered(): Promise<number | undefined> {
    if (!this.o.record) return this.memory;
    try {
      const stored = await bounded(this.o.record.get(this.o.task), 'reading the last run');
      return stored === undefined ? this.memory : Math.max(stored, this.memory ?? stored);
    } catch (err) {
      this.o.logger.warn({ err, task: this.o.task }, `task ${this.o.task}: its last run could not be read; missed runs are not caught up this time`);
      return this.memory ?? Date.now();
    }
  }
}

/** Checks a cron pattern and time zone; a ConfigError says what is wrong and how it should look. */
export function parseCron(task: string, cron: unknown, timezone: unknown): Cron {
  if (typeof cron !== 'string' || cron.trim() === '') throw new ConfigError(`${task}: cron must be a pattern such as '0 9 * * 1-5' (minute hour day month weekday), got ${JSON.stringify(cron)}`);
  if (timezone !== undefined) {
    if (typeof timezone !== 'string' || timezone.trim() === '') throw new ConfigError(`${task}: timezone must be an IANA time zone such as 'Europe/Berlin', got ${JSON.stringify(timezone)}`);
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    } catch {
      throw new ConfigError(`${task}: unknown time zone "${timezone}": use an IANA name such as 'Europe/Berlin', 'America/New_York' or 'UTC'`);
    }
  }
  let pattern: Cron;
  try {
    pattern = new Cron(cron.trim(), { paused: true, ...(timezone === undefined ? {} : { timezone: timezone as string }) });
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^CronPattern:\s*/, '') : String(err);
    throw new ConfigError(`${task}: invalid cron pattern "${cron}": ${why} (5 fields: minute hour day month weekday, or 6 with seconds first; e.g. '0 9 * * 1-5')`);
  }
  if (pattern.nextRun() === null) throw new ConfigError(`${task}: the cron pattern "${cron}" never matches a future time`);
  return pattern;
}

async function bounded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${RECORD_TIMEOUT_MS} ms`)), RECORD_TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
  }
}
