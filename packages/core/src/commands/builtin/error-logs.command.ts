import { Command } from '../../decorators/command.decorator.js';
import { ErrorLog } from '../../reporting/error-log.js';
import { formatErrorLogs } from '../../reporting/format-error-logs.js';
import type { CommandContext } from '../command-context.js';

const DEFAULT_SHOWN = 5;
const MAX_SHOWN = 20;

/** SmokeDetector's `!!/errorlogs`: the last unhandled errors of this instance, as fixed-font blocks. */
@Command({ usage: ['errorlogs', 'errorlogs *'], privilege: 'top', description: 'errorlogs [n]: shows the last n unhandled errors of this instance (default 5).' })
export class ErrorLogsCommand {
  constructor(private readonly log: ErrorLog) {}

  async run(ctx: CommandContext): Promise<void> {
    const arg = ctx.args[0];
    const n = arg === undefined ? DEFAULT_SHOWN : Number(arg);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SHOWN) {
      await ctx.reply(`errorlogs [n]: n must be a whole number from 1 to ${MAX_SHOWN}, got "${arg}".`);
      return;
    }
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
