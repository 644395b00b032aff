import { Command, type CommandContext } from '@botpy/core';

/** `@bot announce …` → posts the text to the room. Only for users with the `trusted` level (1) or above. */
@Command({ usage: ['announce * ...'], privilege: 1, description: 'announce <text>: posts an announcement (trusted users)' })
export class AnnounceCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.post(`**Announcement** from ${ctx.message.user.name}: ${ctx.args.join(' ')}`);
  }
}
