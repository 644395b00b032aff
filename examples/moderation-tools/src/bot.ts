import { type BootstrapOptions } from '@botpy/core';
import { FixLastCommand, PinCommand, WhoWasHereCommand } from './commands.js';

/**
 * Moderation tools: pin the message you reply to, fix the bot's last message, list who was here in
 * the last hour. Pinning needs the bot's account to own the room (chat refuses otherwise, and the
 * bot says so); `pin` needs the `moderator` level, which the room's owners have (`roomOwnersMax`).
 */
export const moderationTools = {
  name: 'ModBot',
  rooms: [1],
  host: 'stackoverflow.com',
  commands: [PinCommand, FixLastCommand, WhoWasHereCommand],
  privileges: [{ level: 1, name: 'moderator' }],
  roomOwnersMax: true,
} satisfies BootstrapOptions;
