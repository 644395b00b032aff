import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';

@Command({ usage: ['stop', 'shutdown'], privilege: 'top', description: 'Stops the bot.' })
export class StopCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.reply('Stopping…');
    // Not awaited: stop() waits for running commands, this one included.
    setImmediate(() => void ctx.app.stop());
  }
}
