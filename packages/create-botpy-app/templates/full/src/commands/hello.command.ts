import { Command, type CommandContext } from '@botpy/core';

/** `@bot hello` or `@bot hello Ada` → a greeting. */
@Command({ usage: ['hello', 'hello ...'], description: 'says hello' })
export class HelloCommand {
  async run(ctx: CommandContext): Promise<void> {
    const who = ctx.args.length > 0 ? ctx.args.join(' ') : ctx.message.user.name;
    await ctx.reply(`Hello, ${who}!`);
  }
}
