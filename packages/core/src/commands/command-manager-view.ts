import { requiredLevel } from '../guards/privilege.guard.js';
import type { PrivilegeService } from '../privileges/privilege-service.js';
import type { CommandManager, RegisteredCommand } from './command-manager.js';
import type { CommandRouter } from './command-router.js';
import type { CommandRunner } from './command-runner.js';
import type { CommandSwitches } from './command-switches.js';

/** `app.commands` / `ctx.commands`: the registered and running commands and their run-time switches. */
export function commandManager(router: CommandRouter<RegisteredCommand>, runner: CommandRunner, switches: CommandSwitches, privileges: PrivilegeService): CommandManager {
  return {
    registered: () => router.commands,
    running: () => runner.running(),
    requiredLevel: (c) => requiredLevel(c.privilege, privileges),
    disable: (name, roomId) => void switches.disable(name, roomId),
    enable: (name, roomId) => void switches.enable(name, roomId),
    isEnabled: (name, roomId) => switches.isEnabled(switches.find(name), roomId),
  };
}
