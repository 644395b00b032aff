import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JsonFilePrivilegeRepository, PRIVILEGES_FILE, type PrivilegeGrant } from '@botpy/core';
import writeFileAtomic from 'write-file-atomic';
import { BotpyseImportError, type BotpyseData } from './botpyse-folder.js';

/** What an import writes (or would write with --dry-run). */
export interface ImportPlan {
  storageDir: string;
  grants: PrivilegeGrant[];
  /** Grants already in privileges.json for the same room and user (replaced). */
  replaced: number;
  /** Grants already in privileges.json for other rooms/users (kept). */
  kept: number;
  /** Room users: `users/room-<id>.json`. */
  users: { roomId: number; file: string; ids: number[]; added: number }[];
  location: string | null;
}

interface UsersDoc {
  version: 1;
  users: { id: number; name: string; firstSeen: number | null; lastSeen: number | null; lastMessage: number | null }[];
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BotpyseImportError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}); nothing was written`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BotpyseImportError(`${file} is not valid JSON (fix or remove it); nothing was written`);
  }
}

/** Works out what the import changes, reading what the storage folder already holds. Writes nothing. */
export async function planImport(data: BotpyseData, storageDir: string, now = Date.now()): Promise<ImportPlan> {
  let existing: readonly PrivilegeGrant[];
  try {
    existing = (await new JsonFilePrivilegeRepository(join(storageDir, PRIVILEGES_FILE)).load()).grants;
  } catch (err) {
    throw new BotpyseImportError(`${(err as Error).message}; nothing was written`);
  }
  const grants: PrivilegeGrant[] = [];
  for (const r of data.rooms) {
    for (const u of r.users) if (u.level) grants.push({ roomId: r.roomId, userId: u.id, userName: '', level: u.level.level, grantedBy: null, grantedAt: now });
  }
  const key = (g: { roomId: number; userId: number }): string => `${g.roomId}:${g.userId}`;
  const imported = new Set(grants.map(key));
  const replaced = existing.filter((g) => imported.has(key(g))).length;
  const users: ImportPlan['users'] = [];
  for (const r of data.rooms) {
    const file = join(storageDir, 'users', `room-${r.roomId}.json`);
    const doc = (await readJson(file)) as UsersDoc | undefined;
    if (doc !== undefined && (typeof doc !== 'object' || doc === null || !Array.isArray(doc.users))) throw new BotpyseImportError(`${file} is not a users document; nothing was written`);
    const have = new Set((doc?.users ?? []).map((u) => u.id));
    users.push({ roomId: r.roomId, file, ids: r.users.map((u) => u.id), added: r.users.filter((u) => !have.has(u.id)).length });
  }
  return { storageDir, grants: [...existing.filter((g) => !imported.has(key(g))), ...grants], replaced, kept: existing.length - replaced, users, location: data.location };
}

/** Writes the plan: users documents, location.json, then privileges.json (each atomically, mode 0600). */
export async function writeImport(plan: ImportPlan): Promise<void> {
  await mkdir(join(plan.storageDir, 'users'), { recursive: true, mode: 0o700 });
  for (const u of plan.users) {
    const doc = ((await readJson(u.file)) as UsersDoc | undefined) ?? { version: 1, users: [] };
    const have = new Set(doc.users.map((x) => x.id));
    for (const id of u.ids) if (!have.has(id)) doc.users.push({ id, name: '', firstSeen: null, lastSeen: null, lastMessage: null });
    await writeFileAtomic(u.file, JSON.stringify({ version: 1, users: doc.users }, null, 2) + '\n', { mode: 0o600 });
  }
  if (plan.location !== null) {
    await writeFileAtomic(join(plan.storageDir, 'location.json'), JSON.stringify({ location: plan.location, from: 'BotpySE location.txt' }, null, 2) + '\n', { mode: 0o600 });
  }
  await new JsonFilePrivilegeRepository(join(plan.storageDir, PRIVILEGES_FILE)).save({ grants: plan.grants });
}
