import { Command, inject, Storage, type CommandContext } from '@botpy/core';
import type { PollData } from './poll.command.js';

type Votes = Record<string, 'yes' | 'no'>;

/**
 * A reply command: runs when someone replies `yes` or `no` to one of the bot's polls
 * (`:<poll message id> yes`). `ctx.repliedTo` is the poll message, with its data. Votes are kept in
 * the app's storage (one document per poll), so they survive a restart.
 */
@Command({ usage: ['yes', 'no'], onReplyTo: true, description: 'Votes on a poll (reply to the poll).' })
export class VoteCommand {
  constructor(@inject(Storage) private readonly storage: Storage) {}

  async run(ctx: CommandContext): Promise<void> {
    const poll = ctx.repliedTo!;
    const { question } = poll.data as PollData;
    const votes = (await this.storage.update<Votes>('polls', String(poll.id), (v) => ({ ...v, [ctx.message.user.id]: ctx.usage as 'yes' | 'no' })))!;
    const yes = Object.values(votes).filter((v) => v === 'yes').length;
    await ctx.reply(`"${question}": ${yes} yes, ${Object.keys(votes).length - yes} no.`);
  }
}
