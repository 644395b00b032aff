import { EmulatorError } from './emulator-error.js';
import type { WorldFile } from './types.js';

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/** Validates a parsed world JSON (`{ users: [...], rooms: [...] }`), naming the first bad entry. */
export function parseWorldFile(data: unknown): WorldFile {
  const bad = (msg: string): never => {
    throw new EmulatorError('BAD_WORLD', `invalid world file: ${msg}`);
  };
  if (typeof data !== 'object' || data === null) return bad('expected an object with "users" and "rooms"');
  const { users, rooms } = data as { users?: unknown; rooms?: unknown };
  if (!Array.isArray(users)) return bad('"users" must be an array');
  if (!Array.isArray(rooms)) return bad('"rooms" must be an array');
  const out: WorldFile = { users: [], rooms: [] };
  users.forEach((u: unknown, i) => {
    const x = u as Record<string, unknown>;
    if (typeof u !== 'object' || u === null) bad(`users[${i}] must be an object`);
    if (!isInt(x.id)) bad(`users[${i}].id must be an integer`);
    if (typeof x.name !== 'string' || x.name.length === 0) bad(`users[${i}].name must be a non-empty string`);
    for (const k of ['email', 'password'] as const) if (x[k] !== undefined && typeof x[k] !== 'string') bad(`users[${i}].${k} must be a string`);
    if (x.moderator !== undefined && typeof x.moderator !== 'boolean') bad(`users[${i}].moderator must be a boolean`);
    const user: WorldFile['users'][number] = { id: x.id as number, name: x.name as string };
    if (x.email !== undefined) user.email = x.email as string;
    if (x.password !== undefined) user.password = x.password as string;
    if (x.moderator !== undefined) user.moderator = x.moderator as boolean;
    out.users.push(user);
  });
  rooms.forEach((r: unknown, i) => {
    const x = r as Record<string, unknown>;
    if (typeof r !== 'object' || r === null) bad(`rooms[${i}] must be an object`);
    if (!isInt(x.id) || (x.id as number) <= 0) bad(`rooms[${i}].id must be a positive integer`);
    if (typeof x.name !== 'string' || x.name.length === 0) bad(`rooms[${i}].name must be a non-empty string`);
    if (x.description !== undefined && typeof x.description !== 'string') bad(`rooms[${i}].description must be a string`);
    const owners = x.owners ?? [];
    if (!Array.isArray(owners) || !owners.every(isInt)) bad(`rooms[${i}].owners must be an array of user ids`);
    for (const o of owners as number[]) if (!out.users.some((u) => u.id === o)) bad(`rooms[${i}].owners names unknown user ${o}`);
    const room: WorldFile['rooms'][number] = { id: x.id as number, name: x.name as string, owners: owners as number[] };
    if (x.description !== undefined) room.description = x.description as string;
    out.rooms.push(room);
  });
  return out;
}
