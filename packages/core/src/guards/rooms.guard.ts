import { ALLOW, refuse, type Guard, type GuardInput, type GuardResult } from './guard.js';

/** `@Command({ rooms: [...] })`: the command runs only in those rooms. */
export class RoomsGuard implements Guard {
  readonly id = 'rooms';

  constructor(private readonly text: string | null = 'That command is not available in this room.') {}

  check({ command, roomId }: GuardInput): GuardResult {
    return command.rooms === undefined || command.rooms.includes(roomId) ? ALLOW : refuse('rooms', this.text);
  }
}
