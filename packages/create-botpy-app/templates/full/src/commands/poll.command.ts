import { Command, type CommandContext } from '@botpy/core';

const usage = ['poll <question:text>'] as const;

/** What a poll message carries: kept with the message in the bot's storage, read back on replies. */
export interface PollData {
  question: string;
  by: string;
}

/**
 * `@bot poll Pizza on Friday?` posts the question; people vote by replying `yes` or `no` to it
 * (see `vote.command.ts`). The question travels with the message as its `data`.
 */
@Command({ usage, description: 'Asks the room a yes/no question; reply yes or no to the poll to vote.' })
export class PollCommand {
  async run(ctx: CommandContext<typeof usage>): Promise<void> {
    const data: PollData = { question: ctx.params.question, by: ctx.message.user.name };
    await ctx.post(`**Poll** by ${data.by}: ${data.question} (reply yes or no to this message)`, { data });
  }
}
