import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';
import { confirmedStop } from './stop-confirmation.js';

@Command({ usage: ['reboot', 'restart'], privilege: 'top', description: 'Stops gracefully and starts again (asks first with the confirmStop option).' })
export class RebootCommand {
  async run(ctx: CommandContext): Promise<void> {
    if (!(await confirmedStop(ctx, 'reboot'))) return;
    await ctx.reply('Rebooting…');
    // Not awaited: stop() waits for running commands, this one included.
    setImmediate(() => void ctx.app.reboot().catch((err) => ctx.app.logger.error({ err }, 'reboot failed')));
  }
}
