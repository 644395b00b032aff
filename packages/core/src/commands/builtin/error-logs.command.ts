import { Command } from '../../decorators/command.decorator.js';
import { ErrorLog } from '../../reporting/error-log.js';
import { formatErrorLogs } from '../../reporting/format-error-logs.js';
import type { CommandContext } from '../command-context.js';

const DEFAULT_SHOWN = 5;
const usage = ['errorlogs [n:int(1..20)]'] as const;

/** SmokeDetector's `!!/errorlogs`: the last unhandled errors of this instance, as fixed-font blocks. */
@Command({ usage, privilege: 'top', description: 'Shows the last n unhandled errors of this instance (default 5, at most 20).' })
export class ErrorLogsCommand {
  constructor(private readonly log: ErrorLog) {}

  async run(ctx: CommandContext<typeof usage>): Promise<void> {
    const n = ctx.params.n ?? DEFAULT_SHOWN;
    const entries = this.log.latest(n).reverse();
    const where = `${ctx.app.name} at ${ctx.app.location}`;
    if (entries.length === 0) {
      await ctx.reply(`No unhandled errors since this instance (${where}) started. The log is per instance.`);
      return;
    }
    const total = this.log.count;
    const header = `The last ${entries.length} of ${total} unhandled error${total === 1 ? '' : 's'} on ${where}, newest first:`;
    for (const block of formatErrorLogs(entries, header)) await ctx.post(block, { lengthCheck: false });
  }
}
