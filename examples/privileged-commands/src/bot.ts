import type { BootstrapOptions } from '@botpy/core';
import { EchoCommand } from './commands/echo.command.js';
import { TestCommand } from './commands/test.command.js';

/**
 * The privilege chapter of the BotpySE guide: two levels, `regular_user` (1) and `owner` (2);
 * room owners get the top level (`owner`) in every room of the bot; `test ...`/`demo ...` needs
 * level 2 and `echo * ...` level 1. Grants are per room and are kept in the storage directory.
 */
export const privilegedBot = {
  name: 'PrivilegeBot',
  rooms: [1],
  host: 'stackoverflow.com',
  privileges: [
    { level: 1, name: 'regular_user' },
    { level: 2, name: 'owner' },
  ],
  roomOwnersMax: true,
  commands: [TestCommand, EchoCommand],
} satisfies BootstrapOptions;
