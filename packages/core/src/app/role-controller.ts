import type { Logger } from 'pino';
import type { Coordinator } from '../coordination/coordinator.js';

/** What going to standby and taking over do, besides flipping the role. */
export interface RoleHooks {
  /** True once start() finished (before that, a role change only sets the flag: start does the rest). */
  isRunning(): boolean;
  stopTasks(): Promise<void>;
  /** Going to standby: what this instance waits on for users (questions) ends now; another instance answers from here on. */
  standingBy?(): void;
  startTasks(): void;
  /** Saves data before standing by. */
  save(): Promise<void>;
  /** Reloads data the other instance may have changed before taking over. */
  reload(): Promise<void>;
  /** Posts the standby / failover notice (null: none). */
  announce(which: 'standby' | 'failover'): Promise<void>;
}

/**
 * The instance's role: active (answers, runs tasks) or standby (watches). Follows the coordinator's
 * role changes (`onRoleChange`), and `standby()` / `failover()` switch by hand. The application
 * never asks which coordinator it has.
 */
export class RoleController {
  private standbyFlag: boolean;
  private unsubscribe: (() => void) | null = null;
  private takeover: Promise<void> | null = null;

  constructor(private readonly coordinator: Coordinator, private readonly hooks: RoleHooks, private readonly logger: Logger, private readonly name: string) {
    this.standbyFlag = coordinator.role !== 'active';
  }

  get standby(): boolean {
    return this.standbyFlag;
  }

  /** While a takeover reloads data: settles when it is done (messages that arrive meanwhile wait for it). */
  get takingOver(): Promise<void> | null {
    return this.takeover;
  }

  /** Follows the coordinator from now on (before its start, so its first role counts). */
  attach(): void {
    this.unsubscribe ??= this.coordinator.onRoleChange((role) => {
      if (role === 'active') void this.failover().catch((err) => this.logger.error({ err }, 'failover failed'));
      else if (role === 'standby') void this.toStandby().catch((err) => this.logger.error({ err }, 'standby failed'));
    });
  }

  /** After the coordinator started: takes up the role it settled on, in case it announced none. */
  async sync(): Promise<void> {
    if (this.coordinator.role === 'active') await this.failover();
    else if (this.coordinator.role === 'standby') await this.toStandby();
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Goes to standby: commands are ignored and background tasks stop. */
  async toStandby(): Promise<void> {
    if (this.standbyFlag) return;
    this.standbyFlag = true;
    this.logger.warn(`${this.name} going to standby`);
    this.hooks.standingBy?.();
    await this.hooks.stopTasks();
    if (this.hooks.isRunning()) {
      await this.hooks.save().catch((err) => this.logger.error({ err }, 'saving data on standby failed'));
      await this.hooks.announce('standby');
    }
  }

  /** Becomes the active instance: reloads data, restarts tasks, accepts commands, posts the failover notice. */
  async failover(): Promise<void> {
    if (!this.standbyFlag) return;
    this.logger.warn(`${this.name} taking over (failover)`);
    if (!this.hooks.isRunning()) {
      this.standbyFlag = false; // start() finishes the job
      return;
    }
    // A file-syncing coordinator (Redunda) downloads the data before it reports 'active': reload what may have changed.
    const reload = this.hooks.reload();
    this.takeover = reload.then(() => undefined, () => undefined);
    try {
      await reload;
    } finally {
      this.takeover = null;
    }
    this.standbyFlag = false;
    this.hooks.startTasks();
    await this.hooks.announce('failover');
  }
}
