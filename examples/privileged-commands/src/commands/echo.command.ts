import { Command, type CommandContext } from '@botpy/core';

/** A command for the lower level: any `regular_user` (level 1) or above may make the bot repeat words. */
@Command({ usage: ['echo * ...'], privilege: 1, description: 'repeats its arguments (regular users and above)' })
export class EchoCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.reply(ctx.args.join(' '));
  }
}
