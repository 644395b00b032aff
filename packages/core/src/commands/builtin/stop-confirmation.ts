import { StopConfirmation } from '../../tokens.js';
import type { CommandContext } from '../command-context.js';

/**
 * For the built-in `stop` and `reboot`: with `bootstrap({ confirmStop: true })`, asks the user
 * (yes/no) and resolves to whether to go on; a "no" (or a second unclear answer) is acknowledged.
 * No answer in time: ConversationTimeoutError, which the runner tells the user ("No answer…").
 */
export async function confirmedStop(ctx: CommandContext, what: 'stop' | 'reboot'): Promise<boolean> {
  const c = ctx.app.container;
  if (!c.isRegistered(StopConfirmation, true) || !c.resolve(StopConfirmation).required) return true;
  if (await ctx.confirm(`Really ${what} ${ctx.app.name}? Answer yes or no.`)) return true;
  await ctx.reply(`OK, not ${what === 'stop' ? 'stopping' : 'rebooting'}.`);
  return false;
}
