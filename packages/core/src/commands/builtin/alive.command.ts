import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';
import { shortDuration } from './fixed-font-table.js';

@Command({ usage: ['alive', 'status'], description: 'Says whether the bot is alive, and for how long.' })
export class AliveCommand {
  run(ctx: CommandContext): Promise<number> {
    const app = ctx.app;
    const since = app.startedAt === null ? '' : `, up ${shortDuration(Date.now() - app.startedAt)}`;
    return ctx.reply(`Yes, ${app.name} is alive (${app.atStandby ? 'standby' : 'active'} at ${app.location}${since}).`);
  }
}
