import { Command } from '../../decorators/command.decorator.js';
import { PrivilegeError, PrivilegeSaveError, UnknownUserError } from '../../errors.js';
import type { CommandContext } from '../command-context.js';

@Command({
  usage: ['unprivilege *', 'unprivilege user *', 'remove privileges *'],
  args: ['user'],
  privilege: 'top',
  description: 'Removes a user\'s privileges in this room (user: an id or a name).',
})
export class UnprivilegeUserCommand {
  async run(ctx: CommandContext): Promise<void> {
    const room = ctx.message.room.id;
    try {
      const user = await ctx.app.resolveUser(room, ctx.args[0]);
      const removed = await ctx.app.privileges.revoke(room, user.id, ctx.message.user);
      await ctx.reply(removed ? `${user.name} (${user.id}) has no privileges here any more.` : `${user.name} (${user.id}) had no privileges here.`);
    } catch (err) {
      if (err instanceof PrivilegeSaveError) {
        ctx.app.logger.error({ err }, 'a privilege change could not be saved');
        await ctx.reply(`Not saved: ${err.message}. Nothing changed; try again once the storage is writable.`);
        return;
      }
      if (!(err instanceof PrivilegeError || err instanceof UnknownUserError)) throw err;
      await ctx.reply(`Refused: ${err.message}.`);
    }
  }
}
