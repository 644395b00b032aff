import { Command, type CommandContext } from '@botpy/core';
import { IgnoreList } from './ignore-list.js';

const usage = ['ignore <user:user> <for:duration(1m..30d)>'] as const;

/** `ignore @bob 2h`: Bob's tp/fp feedback is ignored for two hours (e.g. someone voting at random). */
@Command({ usage, privilege: 1, description: "Ignores a user's feedback on reports for a while." })
export class IgnoreCommand {
  constructor(private readonly ignored: IgnoreList) {}

  async run(ctx: CommandContext<typeof usage>): Promise<void> {
    const { user, for: ms } = ctx.params;
    const until = Date.now() + ms;
    await this.ignored.ignore(user.id, until);
    await ctx.reply(`Ignoring feedback from ${user.name} for ${describe(ms)}.`);
  }
}

function describe(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  if (min < 48 * 60) return `${Math.round((min / 60) * 10) / 10} h`;
  return `${Math.round((min / 1440) * 10) / 10} days`;
}
