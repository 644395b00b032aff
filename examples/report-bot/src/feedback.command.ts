import { Command, type CommandContext } from '@botpy/core';
import { IgnoreList } from './ignore-list.js';
import type { ReportData, Verdict } from './report.js';
import { ReportLog } from './report-log.js';

/**
 * `tp` / `fp` as a reply to one of the bot's reports (`:<report id> tp`): records the verdict on
 * the post the report is about. Works after a restart (the report's data is in storage).
 */
@Command({ usage: ['tp', 'fp'], onReplyTo: true, description: 'Feedback on a report: reply tp (spam) or fp (not spam) to it.' })
export class FeedbackCommand {
  constructor(
    private readonly log: ReportLog,
    private readonly ignored: IgnoreList,
  ) {}

  async run(ctx: CommandContext): Promise<void> {
    const until = await this.ignored.ignoredUntil(ctx.message.user.id);
    if (until !== undefined) {
      await ctx.reply(`Your feedback is ignored until ${new Date(until).toISOString().slice(0, 16).replace('T', ' ')} UTC.`);
      return;
    }
    const report = ctx.repliedTo!.data as ReportData;
    const verdict = ctx.usage as Verdict;
    const tallies = await this.log.feedback(report.site, report.postId, ctx.message.user.id, verdict);
    if (!tallies) {
      await ctx.reply(`That report is too old: its post is no longer in my log.`);
      return;
    }
    await ctx.reply(`Recorded ${verdict} on post ${report.postId} (tp ${tallies.tp}, fp ${tallies.fp}).`);
  }
}
