import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';
import { fixedFontTable, shortDuration } from './fixed-font-table.js';

@Command({ usage: ['running commands', 'rc'], description: 'Lists the commands running now.' })
export class RunningCommandsCommand {
  async run(ctx: CommandContext): Promise<void> {
    const now = Date.now();
    const rows = [['Command', 'User', 'Room', 'Running for'], ...ctx.commands.running().map((r) => [
      [r.usage.split(' ')[0], ...r.args].join(' '), r.user.name, String(r.roomId), shortDuration(now - r.startedAt),
    ])];
    await ctx.post(fixedFontTable(rows), { lengthCheck: false });
  }
}
