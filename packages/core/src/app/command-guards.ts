import type { CommandSwitches } from '../commands/command-switches.js';
import { CooldownGuard } from '../guards/cooldown.guard.js';
import { EnabledGuard } from '../guards/enabled.guard.js';
import type { Guard } from '../guards/guard.js';
import { GuardChain } from '../guards/guard-chain.js';
import { PrivilegeGuard } from '../guards/privilege.guard.js';
import { RoomsGuard } from '../guards/rooms.guard.js';
import type { PrivilegeService } from '../privileges/privilege-service.js';

/**
 * The guards of every command, in order: enabled (run-time switches) → rooms → privilege (the one
 * privilege rule) → the global guards → the command's own → cooldown.
 */
export function buildGuardChain(
  switches: CommandSwitches,
  privileges: PrivilegeService,
  isRoomOwner: ((roomId: number, userId: number) => Promise<boolean>) | null,
  global: readonly Guard[],
): GuardChain {
  const privilege = new PrivilegeGuard(privileges, {
    refused: (needed, have) => `You need the ${needed} privilege to run that command; yours here is ${have}.`,
    unusable: 'That command needs a privilege level above every defined level, so nobody can run it.',
    ownersOnly: "Only this room's owners can run that command (this bot defines no privilege levels).",
  }, isRoomOwner);
  return new GuardChain([new EnabledGuard(switches), new RoomsGuard(), privilege], global, [new CooldownGuard()]);
}
