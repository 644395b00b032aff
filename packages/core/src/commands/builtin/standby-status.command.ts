import { Command } from '../../decorators/command.decorator.js';
import type { CommandContext } from '../command-context.js';

@Command({ usage: ['standby status', 'role'], description: 'Tells whether this instance is active or on standby, and whether Redunda is used.' })
export class StandbyStatusCommand {
  run(ctx: CommandContext): Promise<number> {
    const app = ctx.app;
    const redunda = app.redunda ? `Redunda role: ${app.redunda.role}` : 'no Redunda configured';
    return ctx.reply(`This instance (${app.location}) is ${app.atStandby ? 'on standby' : 'active'}; ${redunda}.`);
  }
}
