import { MIN_PING_PREFIX, pingForm } from '../addressing.js';
import { ArgumentError } from '../../errors.js';
import type { ChatPerson } from '../../transport/chat-transport.js';
import type { ArgTypeDefinition } from './arg-type.js';

const SHOWN = 5;
const list = (people: readonly ChatPerson[]) =>
  people.slice(0, SHOWN).map((p) => `${p.name} (${p.id})`).join(', ') + (people.length > SHOWN ? ` and ${people.length - SHOWN} more` : '');

/**
 * `user`: someone in this room, as `{ id, name }`. Written as a user id (`12345`), as a ping
 * (`@name`: like chat, a prefix of the name with spaces removed, at least 3 letters; an exact name
 * wins over longer ones) or as the name (spaces and case ignored). Looked up among the users the
 * bot knows in the room (`app.users`); an id it does not know is asked from chat. Several matches:
 * an ArgumentError listing them.
 */
export const userArg: ArgTypeDefinition<ChatPerson> = {
  async parse(raw, { roomId, app }) {
    const users = app.users(roomId);
    if (/^\d+$/.test(raw)) {
      const id = Number(raw);
      const known = users.find((u) => u.id === id);
      if (known) return { id: known.id, name: known.name };
      const found = await app.chat.user(id, roomId).catch(() => null);
      if (!found) throw new ArgumentError(`no user has the id ${id}`);
      return { id: found.id, name: found.name };
    }
    const ping = raw.startsWith('@');
    const wanted = pingForm(raw.replace(/^@/, '').replace(/[,:;.!?]+$/, ''));
    if (ping && wanted.length < MIN_PING_PREFIX) throw new ArgumentError(`"${raw}" is too short to ping anyone: use at least ${MIN_PING_PREFIX} letters of the name`);
    const exact = users.filter((u) => pingForm(u.name) === wanted);
    const matches = exact.length > 0 || !ping ? exact : users.filter((u) => pingForm(u.name).startsWith(wanted));
    if (matches.length === 1) return { id: matches[0]!.id, name: matches[0]!.name };
    if (matches.length === 0) throw new ArgumentError(`nobody called "${raw.replace(/^@/, '')}" is known in this room (use their user id)`);
    throw new ArgumentError(`"${raw}" could be ${list(matches)}: use more letters of the name or the user id`);
  },
  describe: () => 'a user of this room: a user id, @name (as a ping) or the name',
};
