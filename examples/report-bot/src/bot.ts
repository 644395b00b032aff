import type { BootstrapOptions } from '@botpy/core';
import { FeedbackCommand } from './feedback.command.js';
import { IgnoreCommand } from './ignore.command.js';
import { SpamWatcher } from './spam-watcher.js';
import { SUMMARY_CRON, summaryTask } from './summary.task.js';

/** What a deployment may change: the summary's schedule and time zone. */
export interface ReportBotSettings {
  summaryCron?: string;
  timezone?: string;
}

/**
 * A report bot in the way of SmokeDetector and Natty: watches new Stack Overflow questions, reports
 * the spammy ones into room 1 with the post as the report's data, takes `tp`/`fp` replies to a
 * report as feedback, lets trusted users `ignore @someone 2h` (their feedback), and posts a summary
 * every weekday morning. The API key (optional) comes from SE_API_KEY; BOTPY_SE_API_ORIGIN /
 * BOTPY_SE_SOCKET_URL point it at an emulator.
 */
export function reportBot(settings: ReportBotSettings = {}) {
  return {
    name: 'ReportBot',
    rooms: [1],
    host: 'stackoverflow.com',
    handlers: [SpamWatcher],
    commands: [FeedbackCommand, IgnoreCommand],
    tasks: [summaryTask(settings.summaryCron ?? SUMMARY_CRON, settings.timezone ?? 'UTC')],
    defaultCommands: true,
    privileges: [
      { level: 1, name: 'trusted' },
      { level: 2, name: 'owner' },
    ],
    roomOwnersMax: true,
    seApi: {},
  } satisfies BootstrapOptions;
}
