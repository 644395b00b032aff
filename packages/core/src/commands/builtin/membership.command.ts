import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';
import { fixedFontTable } from './fixed-font-table.js';

@Command({ usage: ['membership', 'privileged', 'listprivileged'], description: 'Lists the privileged users of this room.' })
export class MembershipCommand {
  async run(ctx: CommandContext): Promise<void> {
    const p = ctx.app.privileges;
    const grants = p.list(ctx.message.room.id);
    if (grants.length === 0) {
      await ctx.reply('Nobody has privileges in this room.');
      return;
    }
    const rows = [['User', 'Id', 'Level'], ...grants.map((g) => [g.userName, String(g.userId), `${p.levelName(g.level)} (${g.level})`])];
    await ctx.post(fixedFontTable(rows), { lengthCheck: false });
  }
}
