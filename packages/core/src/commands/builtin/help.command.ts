import { closestMatch } from '../../text/closest-match.js';
import { Command } from '../../decorators/command.decorator.js';
import { ArgTypes } from '../args/arg-types.js';
import type { CommandContext } from '../command-context.js';
import { parseUsagePattern } from '../usage-pattern.js';
import { commandWord } from '../usage-text.js';
import { findCommandByWords, helpDetail, helpLine } from './help-text.js';

@Command({
  usage: ['help', 'commands', 'help ...'],
  args: ['command'],
  description: 'Lists the commands you may run here; "help <command>" explains one.',
})
export class HelpCommand {
  constructor(private readonly argTypes: ArgTypes) {}

  async run(ctx: CommandContext): Promise<void> {
    const address = `@${ctx.app.name.replace(/\s+/g, '')}`;
    const { room, user } = ctx.message;
    if (ctx.args.length > 0) {
      const all = ctx.commands.registered();
      const c = findCommandByWords(ctx.args, all);
      if (!c) {
        const near = closestMatch(ctx.args[0]!, all.map(commandWord));
        await ctx.reply(`There is no command \`${ctx.args.join(' ')}\`${near ? `; did you mean \`${near}\`?` : '.'} "${address} help" lists them.`);
        return;
      }
      const mayRun = await ctx.app.mayRun(c, room.id, user.id);
      const slots = new Map(c.usages.flatMap((u) => parseUsagePattern(u).slots).map((s) => [s.name, s]));
      const argLines = [...slots.values()].map((s) => this.argTypes.describe(s));
      await ctx.post(helpDetail(c, { address, privileges: ctx.app.privileges, ownersWithoutLevels: true, mayRun, argLines }), { lengthCheck: false });
      return;
    }
    const mine = [];
    for (const c of ctx.commands.registered()) if (await ctx.app.mayRun(c, room.id, user.id)) mine.push(c);
    const lines = mine.map(helpLine);
    await ctx.post(`Commands you may run (address me with ${address}; "${address} help <command>" explains one):\n${lines.join('\n')}`, { lengthCheck: false });
  }
}
