import { BackgroundTask, BotApplication, injectable, type BackgroundTaskClass } from '@botpy/core';
import { count, ReportLog } from './report-log.js';

/** When the summary is posted: weekdays at 09:00 (in `timezone`). */
export const SUMMARY_CRON = '0 9 * * 1-5';

/**
 * The summary task, on a cron schedule: every weekday morning, the reports since the previous
 * summary and their feedback. A run missed while the bot was stopped or on standby is made up once
 * at start (`catchUp`), so Monday's summary is not lost to a weekend restart.
 * A factory, so that tests (and other deployments) can pick the schedule.
 */
export function summaryTask(cron = SUMMARY_CRON, timezone = 'UTC'): BackgroundTaskClass {
  @injectable()
  @BackgroundTask({ cron, timezone, catchUp: true, name: 'summary' })
  class SummaryTask {
    constructor(
      private readonly app: BotApplication,
      private readonly log: ReportLog,
    ) {}

    async run(): Promise<void> {
      // from the previous summary on (kept in storage: a restart or a failover does not reset it)
      const reports = await this.log.sinceLastSummary();
      const votes = reports.map((r) => count(r.feedback));
      const spam = votes.filter((v) => v.tp > v.fp).length;
      const notSpam = votes.filter((v) => v.fp > v.tp).length;
      const open = reports.length - spam - notSpam;
      await this.app.postGlobalMessage(
        reports.length === 0 ? 'Summary: no reports since the last summary.' : `Summary: ${reports.length} report${reports.length === 1 ? '' : 's'} since the last summary: ${spam} spam, ${notSpam} not spam, ${open} without a verdict.`,
      );
    }
  }
  return SummaryTask;
}
