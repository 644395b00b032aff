import { readFile } from 'node:fs/promises';
import type { WorldFile } from '@botpy/emulator';
import { CliError } from './cli-error.js';

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function problemsOf(data: unknown): string[] {
  const problems: string[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return ['the top level must be an object { users: [...], rooms: [...] }'];
  const { users, rooms } = data as Record<string, unknown>;
  if (!Array.isArray(users)) problems.push('"users" must be an array');
  else {
    users.forEach((u: unknown, i) => {
      const user = (u ?? {}) as Record<string, unknown>;
      if (!isPositiveInt(user.id)) problems.push(`users[${i}].id must be a positive integer`);
      if (typeof user.name !== 'string' || user.name === '') problems.push(`users[${i}].name must be a non-empty string`);
      for (const key of ['email', 'password'] as const) {
        if (user[key] !== undefined && typeof user[key] !== 'string') problems.push(`users[${i}].${key} must be a string`);
      }
      if (user.moderator !== undefined && typeof user.moderator !== 'boolean') problems.push(`users[${i}].moderator must be true or false`);
    });
  }
  if (!Array.isArray(rooms)) problems.push('"rooms" must be an array');
  else {
    rooms.forEach((r: unknown, i) => {
      const room = (r ?? {}) as Record<string, unknown>;
      if (!isPositiveInt(room.id)) problems.push(`rooms[${i}].id must be a positive integer`);
      if (typeof room.name !== 'string' || room.name === '') problems.push(`rooms[${i}].name must be a non-empty string`);
      if (room.description !== undefined && typeof room.description !== 'string') problems.push(`rooms[${i}].description must be a string`);
      if (!Array.isArray(room.owners) || !room.owners.every(isPositiveInt)) problems.push(`rooms[${i}].owners must be an array of user ids`);
    });
  }
  return problems;
}

/** Reads and checks a world file (JSON: `{ users: [...], rooms: [...] }`); every problem is listed in the error. */
export async function loadWorldFile(file: string): Promise<WorldFile> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('BAD_WORLD_FILE', `Cannot read world file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new CliError('BAD_WORLD_FILE', `World file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const problems = problemsOf(data);
  if (problems.length > 0) throw new CliError('BAD_WORLD_FILE', `World file ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return data as WorldFile;
}
