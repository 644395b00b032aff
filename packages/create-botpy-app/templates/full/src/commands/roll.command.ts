import { Command, type CommandContext } from '@botpy/core';

/** `@bot roll` → 1–6; `@bot roll 20` → 1–20. Bad input gets a clear answer. */
@Command({ usage: ['roll', 'roll *'], description: 'roll [sides]: rolls a die (6 sides by default)' })
export class RollCommand {
  async run(ctx: CommandContext): Promise<void> {
    const sides = ctx.args.length === 0 ? 6 : Number(ctx.args[0]);
    if (!Number.isInteger(sides) || sides < 2 || sides > 1000) {
      await ctx.reply(`"${ctx.args[0]}" is not a number of sides (2 to 1000).`);
      return;
    }
    const roll = 1 + Math.floor(Math.random() * sides);
    await ctx.reply(`You rolled ${roll} (d${sides}).`);
  }
}
