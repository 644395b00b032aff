import { Command, type CommandContext } from '@botpy/core';

const usage = ['roll [sides:int(2..1000)]'] as const;

/**
 * `@bot roll` → 1–6; `@bot roll 20` → 1–20. A typed argument: `ctx.params.sides` is a number
 * (or absent), checked against the range before `run` is called; `@bot roll lots` is answered with
 * what is wrong and the usage.
 */
@Command({ usage, description: 'Rolls a die (6 sides unless you say how many).' })
export class RollCommand {
  async run(ctx: CommandContext<typeof usage>): Promise<void> {
    const sides = ctx.params.sides ?? 6;
    const roll = 1 + Math.floor(Math.random() * sides);
    await ctx.reply(`You rolled ${roll} (d${sides}).`);
  }
}
