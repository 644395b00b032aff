import type { PrivilegeService } from '../privileges/privilege-service.js';
import { ALLOW, refuse, type Guard, type GuardInput, type GuardResult } from './guard.js';

/** Texts of the privilege guard. */
export interface PrivilegeGuardTexts {
  refused: (needed: string, have: string) => string;
  unusable: string;
  /** Refusal of a top-level command when no levels are defined and the user owns no part of the room. */
  ownersOnly: string;
}

/** The level a command requires now (`'top'` follows the highest defined level). */
export function requiredLevel(privilege: number | 'top', privileges: PrivilegeService): number {
  return privilege === 'top' ? privileges.topLevel : privilege;
}

/**
 * The privilege rule, in one place: the user's level in the room must reach the command's; a
 * command above every defined level is unusable; with no level defined, a `'top'` command is for
 * the room's owners (unless `topCommandsWithoutLevels` is `'anyone'`: then `isRoomOwner` is null).
 */
export class PrivilegeGuard implements Guard {
  readonly id = 'privilege';

  constructor(
    private readonly privileges: PrivilegeService,
    private readonly texts: PrivilegeGuardTexts,
    private readonly isRoomOwner: ((roomId: number, userId: number) => Promise<boolean>) | null,
  ) {}

  /** Synchronous, except when it must ask chat who owns the room. */
  check({ command, roomId, userId }: GuardInput): GuardResult | Promise<GuardResult> {
    const p = this.privileges;
    const needed = requiredLevel(command.privilege, p);
    if (needed > 0 && needed > p.topLevel) return refuse('unusable', this.texts.unusable, 'unusable');
    if (this.isRoomOwner && command.privilege === 'top' && p.topLevel === 0) {
      return this.isRoomOwner(roomId, userId).then((owner) => (owner ? ALLOW : refuse('owners-only', this.texts.ownersOnly)));
    }
    const have = p.levelOf(roomId, userId);
    if (needed <= have) return ALLOW;
    return refuse('privilege', this.texts.refused(`${p.levelName(needed)} (${needed})`, `${p.levelName(have)} (${have})`));
  }
}
