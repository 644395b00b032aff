import { ArgumentError } from '../../errors.js';
import type { ChatRoomDetails } from '../../transport/chat-transport.js';
import type { ArgTypeDefinition } from './arg-type.js';

/**
 * `room`: a chat room, as its details (`id`, `name`, …). Written as a room id, a room link
 * (`https://chat.stackexchange.com/rooms/11540/…`), `here`, or the name of one of the bot's rooms.
 */
export const roomArg: ArgTypeDefinition<ChatRoomDetails> = {
  async parse(raw, { roomId, app }) {
    const id = raw.toLowerCase() === 'here' ? roomId : /^\d+$/.test(raw) ? Number(raw) : Number(/\/rooms\/(?:info\/)?(\d+)/.exec(raw)?.[1] ?? NaN);
    if (Number.isInteger(id)) {
      const room = await app.chat.room(id).catch(() => null);
      if (!room) throw new ArgumentError(`there is no room ${id}`);
      return room;
    }
    const wanted = raw.toLowerCase();
    for (const r of app.rooms) {
      const room = await app.chat.room(r).catch(() => null);
      if (room && room.name.replace(/\s+/g, '').toLowerCase() === wanted.replace(/\s+/g, '')) return room;
    }
    throw new ArgumentError(`"${raw}" is not a room id, a room link or the name of one of my rooms`);
  },
  describe: () => 'a room: a room id, a room link, "here" or the name of one of my rooms',
};
