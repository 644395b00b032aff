import { ChatActionError, Command, type CommandContext } from '@botpy/core';

/** What the bot says when chat refuses an action: the reason, and what to do about it. */
function explain(err: unknown): string {
  if (!(err instanceof ChatActionError)) throw err;
  switch (err.code) {
    case 'NOT_PERMITTED':
      return 'Chat refused: only room owners and moderators can do that, and I am not one here. Make me a room owner to use this command.';
    case 'TOO_LATE':
      return 'Too late: chat lets me edit or delete a message only within 2 minutes of posting it.';
    case 'MESSAGE_DELETED':
      return 'That message is deleted.';
    case 'NO_SUCH_MESSAGE':
      return 'There is no such message.';
    default:
      return `Chat refused: ${err.message}.`;
  }
}

/** `pin` as a reply to a message: pins the message it replies to (the bot must own the room). */
@Command({ usage: ['pin', 'unpin'], privilege: 1 })
export class PinCommand {
  async run(ctx: CommandContext): Promise<void> {
    const target = ctx.message.isReply ? ctx.message.parentId : undefined;
    if (target === undefined) {
      await ctx.reply(`Reply to the message you want to ${ctx.usage} (use the message's reply arrow), then say "${ctx.usage}".`);
      return;
    }
    const on = ctx.usage === 'pin';
    try {
      await ctx.pin(target, on);
      await ctx.reply(on ? 'Pinned.' : 'Unpinned.');
    } catch (err) {
      await ctx.reply(explain(err));
    }
  }
}

/** `fix ...`: replaces the text of the bot's last message in this room (within chat's 2-minute window). */
@Command({ usage: ['fix ...'] })
export class FixLastCommand {
  async run(ctx: CommandContext): Promise<void> {
    const last = ctx.lastOwnMessage();
    if (!last) {
      await ctx.reply('I have not said anything here since I started.');
      return;
    }
    try {
      await ctx.edit(last.id, ctx.args.join(' '));
    } catch (err) {
      await ctx.reply(explain(err));
    }
  }
}

/** `who was here`: who the bot saw in this room in the last hour, most recent first. */
@Command({ usage: ['who was here'] })
export class WhoWasHereCommand {
  async run(ctx: CommandContext): Promise<void> {
    const hourAgo = Date.now() - 3_600_000;
    const seen = ctx.app.users(ctx.message.room.id, { sinceMs: hourAgo }).filter((u) => u.id !== ctx.app.account?.id);
    if (seen.length === 0) {
      await ctx.reply('Nobody in the last hour.');
      return;
    }
    const ago = (t: number | null): string => (t === null ? '' : `${Math.max(0, Math.round((Date.now() - t) / 60_000))} min ago`);
    await ctx.reply(`In the last hour: ${seen.map((u) => `${u.name || `user ${u.id}`} (${ago(u.lastSeen)})`).join(', ')}`);
  }
}
