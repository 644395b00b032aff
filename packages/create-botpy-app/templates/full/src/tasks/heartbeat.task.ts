import { BackgroundTask } from '@botpy/core';
import { Heartbeat } from '../services/heartbeat.js';

/** Runs every 60 seconds (the next run starts 60 s after the previous one ended; runs never overlap). */
@BackgroundTask({ interval: 60 })
export class HeartbeatTask {
  // Injected: keep this a value import (not `import type`), or injection breaks.
  constructor(private readonly heartbeat: Heartbeat) {}

  run(): void {
    this.heartbeat.beat();
  }
}
