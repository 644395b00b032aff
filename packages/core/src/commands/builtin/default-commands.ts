import type { CommandClass } from '../../decorators/command.decorator.js';
import { AliveCommand } from './alive.command.js';
import { AmIPrivilegedCommand } from './am-i-privileged.command.js';
import { ErrorLogsCommand } from './error-logs.command.js';
import { HelpCommand } from './help.command.js';
import { LocationCommand } from './location.command.js';
import { MembershipCommand } from './membership.command.js';
import { PrivilegeUserCommand } from './privilege-user.command.js';
import { RebootCommand } from './reboot.command.js';
import { RunningCommandsCommand } from './running-commands.command.js';
import { StandbyStatusCommand } from './standby-status.command.js';
import { StopCommand } from './stop.command.js';
import { UnprivilegeUserCommand } from './unprivilege-user.command.js';

/** Every built-in command class (BotpySE's defaults plus help, location and standby status). */
export const defaultCommands: readonly CommandClass[] = [
  AliveCommand, AmIPrivilegedCommand, MembershipCommand, RunningCommandsCommand, PrivilegeUserCommand,
  UnprivilegeUserCommand, RebootCommand, StopCommand, HelpCommand, LocationCommand, StandbyStatusCommand, ErrorLogsCommand,
];
