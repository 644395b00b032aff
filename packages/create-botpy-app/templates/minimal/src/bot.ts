import type { BootstrapOptions } from '@botpy/core';
import { HelloCommand } from './commands/hello.command.js';

/**
 * The bot: used by `main.ts` for the real thing and by the tests with `createTestBot`.
 * `name` is what people ping: `@{{botName}} hello` (any prefix of 3 letters or more works).
 * Give it the display name of the bot's chat account.
 */
export function botOptions(): Omit<BootstrapOptions, 'rooms'> {
  return {
    name: '{{botName}}',
    commands: [HelloCommand],
    // alive, help, privileges, running commands, stop, …
    defaultCommands: true,
  };
}
