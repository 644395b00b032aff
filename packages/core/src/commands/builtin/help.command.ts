import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';

@Command({ usage: ['help', 'commands'], description: 'Lists the commands you may run here.' })
export class HelpCommand {
  async run(ctx: CommandContext): Promise<void> {
    const mine = [];
    for (const c of ctx.commands.registered()) if (await ctx.app.mayRun(c, ctx.message.room.id, ctx.message.user.id)) mine.push(c);
    const lines = mine.map((c) => `${c.usages.join(' | ')}${c.description ? ` — ${c.description}` : ''}`);
    await ctx.post(`Commands you may run (address me with @${ctx.app.name.replace(/\s+/g, '')}):\n${lines.join('\n')}`, { lengthCheck: false });
  }
}
