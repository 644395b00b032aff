import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';

@Command({ usage: ['amiprivileged', 'doihaveprivs', 'privileges'], description: 'Tells you your privilege level in this room.' })
export class AmIPrivilegedCommand {
  run(ctx: CommandContext): Promise<number> {
    const p = ctx.app.privileges;
    const level = p.levelOf(ctx.message.room.id, ctx.message.user.id);
    return ctx.reply(level === 0 ? 'You have no privileges in this room.' : `You have the ${p.levelName(level)} privilege (level ${level}) in this room.`);
  }
}
