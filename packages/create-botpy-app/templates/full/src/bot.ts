import { container, type BootstrapOptions, type DependencyContainer } from '@botpy/core';
import { AnnounceCommand } from './commands/announce.command.js';
import { HelloCommand } from './commands/hello.command.js';
import { PollCommand } from './commands/poll.command.js';
import { RollCommand } from './commands/roll.command.js';
import { UptimeCommand } from './commands/uptime.command.js';
import { VoteCommand } from './commands/vote.command.js';
import { Heartbeat } from './services/heartbeat.js';
import { HeartbeatTask } from './tasks/heartbeat.task.js';

/**
 * The bot: used by `main.ts` for the real thing and by the tests with `createTestBot`.
 * `name` is what people ping: `@{{botName}} help` (any prefix of 3 letters or more works).
 * Give it the display name of the bot's chat account.
 */
export function botOptions(): Omit<BootstrapOptions, 'rooms'> & { container: DependencyContainer } {
  // Services shared by commands and tasks: one instance per application.
  const services = container.createChildContainer();
  services.registerSingleton(Heartbeat);
  return {
    name: '{{botName}}',
    commands: [HelloCommand, RollCommand, UptimeCommand, AnnounceCommand, PollCommand, VoteCommand],
    tasks: [HeartbeatTask],
    // alive, help, privileges, privilege/unprivilege, running commands, stop, reboot, …
    defaultCommands: true,
    // Levels are per room; 0 = everyone. The top level may grant levels with `privilege <user> <level>`.
    privileges: [
      { level: 1, name: 'trusted' },
      { level: 2, name: 'owner' },
    ],
    // Room owners get the top level.
    roomOwnersMax: true,
    container: services,
  };
}
