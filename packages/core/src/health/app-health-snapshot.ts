import type { AppHealth } from './app-health.js';
import type { JobInfo } from '../scheduler/scheduler.js';
import type { HealthSnapshot } from './health-snapshot.js';

/** What a health snapshot is read from: `BotApplication` fits. */
export interface HealthSource {
  health(): AppHealth;
  /** Epoch ms of the end of start(), or null. */
  readonly startedAt: number | null;
  /** The background tasks (`app.tasks`): listed in the snapshot when given. */
  readonly tasks?: { list(): readonly JobInfo[] };
}

/**
 * A provider for `HealthServer.start()` reading `app.health()`: alive = running, command errors =
 * errors + timeouts. Usage: `HealthServer.start(appHealthSnapshot(app), { port })`.
 */
export function appHealthSnapshot(app: HealthSource, now: () => number = Date.now): () => HealthSnapshot {
  return () => {
    const h = app.health();
    return {
      alive: h.state === 'running',
      role: h.role,
      socket: { state: h.socketState, lastFrameAgeMs: h.lastFrameAgeMs },
      sendBacklog: h.sendBacklog,
      counters: {
        commandsRun: h.counters.commandsRun,
        commandErrors: h.counters.errors + h.counters.timeouts,
        reconnects: h.counters.reconnects,
        messagesSent: h.counters.messagesSent,
        throttled: h.counters.throttled,
        coalesced: h.counters.coalesced,
      },
      uptimeSeconds: app.startedAt === null ? 0 : Math.max(0, (now() - app.startedAt) / 1000),
      ...(app.tasks ? {
        tasks: app.tasks.list().map((t) => ({
          name: t.name, state: t.state, cron: t.cron, timezone: t.timezone, intervalMs: t.intervalMs, nextRunAt: t.nextRunAt, runs: t.runs, errors: t.errors,
        })),
      } : {}),
    };
  };
}
