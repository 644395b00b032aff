import type { Storage } from '../storage/storage.js';

/** Where the cron tasks' last runs are kept: one document for all tasks of the app. */
export const CRON_RUNS_DOCUMENT = { namespace: 'scheduler', key: 'cron-runs' } as const;

/**
 * The time up to which each cron task's runs are accounted for (its last run, or the moment a
 * missed run was skipped), in the app's storage: it survives a restart, and with a shared store
 * (Redis) a standby that takes over sees the runs of the instance it replaces — so it neither
 * repeats them nor misses one.
 */
export class CronRunRecord {
  constructor(private readonly storage: Storage) {
    storage.declare?.(CRON_RUNS_DOCUMENT.namespace, CRON_RUNS_DOCUMENT.key);
  }

  /** Epoch ms recorded for the task, or undefined when it never ran with this storage. */
  async get(task: string): Promise<number | undefined> {
    const doc = await this.storage.read<Record<string, unknown>>(CRON_RUNS_DOCUMENT.namespace, CRON_RUNS_DOCUMENT.key);
    const at = doc && typeof doc === 'object' ? doc[task] : undefined;
    return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
  }

  async set(task: string, at: number): Promise<void> {
    await this.storage.update<Record<string, unknown>>(CRON_RUNS_DOCUMENT.namespace, CRON_RUNS_DOCUMENT.key, (current) => ({
      ...(current && typeof current === 'object' && !Array.isArray(current) ? current : {}),
      [task]: at,
    }));
  }
}
