import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';

@Command({ usage: ['reboot', 'restart'], privilege: 'top', description: 'Stops gracefully and starts again.' })
export class RebootCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.reply('Rebooting…');
    // Not awaited: stop() waits for running commands, this one included.
    setImmediate(() => void ctx.app.reboot().catch((err) => ctx.app.logger.error({ err }, 'reboot failed')));
  }
}
