import type { CommandSwitches } from '../commands/command-switches.js';
import { ALLOW, refuse, type Guard, type GuardInput, type GuardResult } from './guard.js';

/** Commands disabled at run time (`app.commands.disable(name, roomId?)`) are refused. */
export class EnabledGuard implements Guard {
  readonly id = 'disabled';

  constructor(private readonly switches: CommandSwitches, private readonly text: string | null = 'That command is disabled here at the moment.') {}

  check({ command, roomId }: GuardInput): GuardResult {
    return this.switches.isEnabled(command, roomId) ? ALLOW : refuse('disabled', this.text);
  }
}
