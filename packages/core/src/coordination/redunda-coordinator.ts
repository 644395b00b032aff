import type { Logger } from 'pino';
import type { RedundaLink } from '../redunda/redunda-link.js';
import type { Coordinator, CoordinatorRole } from './coordinator.js';

type Listener = (...args: unknown[]) => void;

/**
 * Redunda as a `Coordinator`: its role machine (pings decide active/standby), its file sync
 * (`dataChanged` marks files dirty; it uploads them) and its events (`on('event')`). Redunda has
 * no lease: `mayAct()` is false only while it says standby.
 */
export class RedundaCoordinator implements Coordinator {
  readonly kind = 'redunda';
  readonly sharesAccount = true;
  private readonly roleListeners = new Set<(role: CoordinatorRole, previous: CoordinatorRole) => void>();
  private last: CoordinatorRole;
  private readonly onActive = () => this.changed();
  private readonly onStandby = () => this.changed();
  private readonly onError = (err: unknown) => this.logger.warn({ err }, 'Redunda error');

  constructor(readonly link: RedundaLink, private readonly logger: Logger) {
    this.last = link.role;
  }

  get role(): CoordinatorRole {
    return this.link.role;
  }

  get location(): string | null {
    return this.link.location;
  }

  async start(): Promise<void> {
    this.link.on('active', this.onActive);
    this.link.on('standby', this.onStandby);
    this.link.on('error', this.onError);
    await this.link.start();
    this.changed();
  }

  async stop(): Promise<void> {
    try {
      await this.link.stop();
    } catch (err) {
      this.logger.error({ err }, 'stopping Redunda failed');
    } finally {
      this.link.off('active', this.onActive);
      this.link.off('standby', this.onStandby);
      this.link.off('error', this.onError);
    }
  }

  onRoleChange(fn: (role: CoordinatorRole, previous: CoordinatorRole) => void): () => void {
    this.roleListeners.add(fn);
    return () => this.roleListeners.delete(fn);
  }

  mayAct(): boolean {
    return this.link.role !== 'standby';
  }

  dataChanged(name?: string): void {
    this.link.markDirty(name);
  }

  on(event: 'error' | 'down' | 'back' | 'event', fn: Listener): () => void {
    const name = event === 'event' ? 'redunda-event' : event;
    this.link.on(name, fn);
    return () => this.link.off(name, fn);
  }

  private changed(): void {
    const role = this.link.role;
    if (role === this.last) return;
    const previous = this.last;
    this.last = role;
    for (const fn of this.roleListeners) fn(role, previous);
  }
}
