import { Command, inject, Logger, type CommandContext } from '@botpy/core';

/**
 * The guide's example command (`CommandTest`): answers `@<bot> test ...` or `@<bot> demo ...` with
 * any number of arguments, but only for users with at least the `owner` privilege (level 2) in the room.
 */
@Command({ usage: ['test ...', 'demo ...'], privilege: 2, description: 'greets the room (owners only)' })
export class TestCommand {
  constructor(@inject(Logger) private readonly logger: Logger) {}

  async run(ctx: CommandContext): Promise<void> {
    // BotpySE printed `self.arguments`; a bot logs them.
    this.logger.info({ args: ctx.args, usage: ctx.usage }, 'test command invoked');
    await ctx.reply('Hello, fellow users!');
  }
}
