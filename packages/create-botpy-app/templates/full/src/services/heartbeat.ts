import { injectable } from '@botpy/core';

/** Shared state: the heartbeat task records beats, the uptime command reports them. */
@injectable()
export class Heartbeat {
  readonly startedAt = new Date();
  count = 0;
  last: Date | null = null;

  beat(now = new Date()): void {
    this.count++;
    this.last = now;
  }
}
