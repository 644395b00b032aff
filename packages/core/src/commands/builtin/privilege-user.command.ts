import { Command } from '../../decorators/command.decorator.js';
import { PrivilegeError, PrivilegeSaveError, UnknownUserError } from '../../errors.js';
import type { CommandContext } from '../command-context.js';

@Command({ usage: ['privilege * *', 'addpriv * *'], args: ['user', 'level'], privilege: 'top', description: 'Grants a privilege level in this room (user: an id or a name).' })
export class PrivilegeUserCommand {
  async run(ctx: CommandContext): Promise<void> {
    const [userRef, level] = ctx.args;
    const room = ctx.message.room.id;
    try {
      const user = await ctx.app.resolveUser(room, userRef);
      const grant = await ctx.app.privileges.grant(room, user, level, ctx.message.user);
      await ctx.reply(`${user.name} (${user.id}) now has the ${ctx.app.privileges.levelName(grant.level)} privilege here.`);
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
