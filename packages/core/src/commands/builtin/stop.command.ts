import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';
import { confirmedStop } from './stop-confirmation.js';

@Command({ usage: ['stop', 'shutdown'], privilege: 'top', description: 'Stops the bot (asks first with the confirmStop option).' })
export class StopCommand {
  async run(ctx: CommandContext): Promise<void> {
    if (!(await confirmedStop(ctx, 'stop'))) return;
    await ctx.reply('Stopping…');
    // Not awaited: stop() waits for running commands, this one included.
    setImmediate(() => void ctx.app.stop());
  }
}
