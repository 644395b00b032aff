import { EmulatorError } from './emulator-error.js';
import type { WorldFile } from './types.js';

const isId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;

/** Lists every problem of a parsed world JSON (`{ users: [...], rooms: [...] }`); empty when it is valid. */
export function worldFileProblems(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return ['the top level must be an object { users: [...], rooms: [...] }'];
  }
  const problems: string[] = [];
  const { users, rooms } = data as { users?: unknown; rooms?: unknown };
  const userIds = new Set<number>();
  if (!Array.isArray(users)) problems.push('"users" must be an array');
  else
    users.forEach((u: unknown, i) => {
      if (typeof u !== 'object' || u === null) return void problems.push(`users[${i}] must be an object`);
      const x = u as Record<string, unknown>;
      if (!isId(x.id)) problems.push(`users[${i}].id must be a positive integer`);
      else userIds.add(x.id);
      if (typeof x.name !== 'string' || x.name === '') problems.push(`users[${i}].name must be a non-empty string`);
      for (const k of ['email', 'password'] as const) {
        if (x[k] !== undefined && typeof x[k] !== 'string') problems.push(`users[${i}].${k} must be a string`);
      }
      if (x.moderator !== undefined && typeof x.moderator !== 'boolean') problems.push(`users[${i}].moderator must be true or false`);
    });
  if (!Array.isArray(rooms)) problems.push('"rooms" must be an array');
  else
    rooms.forEach((r: unknown, i) => {
      if (typeof r !== 'object' || r === null) return void problems.push(`rooms[${i}] must be an object`);
      const x = r as Record<string, unknown>;
      if (!isId(x.id)) problems.push(`rooms[${i}].id must be a positive integer`);
      if (typeof x.name !== 'string' || x.name === '') problems.push(`rooms[${i}].name must be a non-empty string`);
      if (x.description !== undefined && typeof x.description !== 'string') problems.push(`rooms[${i}].description must be a string`);
      const owners = x.owners ?? [];
      if (!Array.isArray(owners) || !owners.every(isId)) problems.push(`rooms[${i}].owners must be an array of user ids`);
      else if (Array.isArray(users)) {
        for (const o of owners) if (!userIds.has(o)) problems.push(`rooms[${i}].owners names unknown user ${o}`);
      }
    });
  return problems;
}

/** Validates a parsed world JSON; the error lists every problem, one per line. */
export function parseWorldFile(data: unknown): WorldFile {
  const problems = worldFileProblems(data);
  if (problems.length > 0) {
    throw new EmulatorError('BAD_WORLD', `invalid world file:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const { users, rooms } = data as { users: Record<string, unknown>[]; rooms: Record<string, unknown>[] };
  return {
    users: users.map((x) => ({
      id: x.id as number,
      name: x.name as string,
      ...(x.email !== undefined ? { email: x.email as string } : {}),
      ...(x.password !== undefined ? { password: x.password as string } : {}),
      ...(x.moderator !== undefined ? { moderator: x.moderator as boolean } : {}),
    })),
    rooms: rooms.map((x) => ({
      id: x.id as number,
      name: x.name as string,
      owners: (x.owners ?? []) as number[],
      ...(x.description !== undefined ? { description: x.description as string } : {}),
    })),
  };
}
