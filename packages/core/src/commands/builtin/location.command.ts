import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';

@Command({ usage: ['location'], description: 'Tells where this instance runs.' })
export class LocationCommand {
  run(ctx: CommandContext): Promise<number> {
    return ctx.reply(`This instance runs at ${ctx.app.location}.`);
  }
}
