import { BotpyError, JsonFileStorage, ROOM_USERS_NAMESPACE, StoragePrivilegeRepository, type PrivilegeGrant, type Storage } from '@botpy/core';
import { BotpyseImportError, type BotpyseData } from './botpyse-folder.js';

/** What an import writes (or would write with --dry-run). */
export interface ImportPlan {
  storageDir: string;
  /** The chat server the grants belong to (BotpySE's `host`). */
  host: string;
  grants: PrivilegeGrant[];
  /** Grants already stored for the same room and user (replaced). */
  replaced: number;
  /** Grants already stored for other rooms/users (kept). */
  kept: number;
  /** Room users: the `users/room-<id>` documents. */
  users: { roomId: number; ids: number[]; added: number }[];
  location: string | null;
}

interface UsersDoc {
  version: 1;
  users: { id: number; name: string; firstSeen: number | null; lastSeen: number | null; lastMessage: number | null }[];
}

const refused = (err: unknown): never => {
  if (err instanceof BotpyError) throw new BotpyseImportError(`${err.message}; nothing was written`);
  throw err;
};

function usersOf(doc: unknown, where: string): UsersDoc['users'] {
  if (doc === undefined) return [];
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as UsersDoc).users)) throw new BotpyseImportError(`${where} is not a users document (fix or remove it); nothing was written`);
  return (doc as UsersDoc).users;
}

/** Works out what the import changes, reading what the storage already holds. Writes nothing. */
export async function planImport(data: BotpyseData, storage: Storage, host: string, now = Date.now()): Promise<ImportPlan> {
  const existing = (await new StoragePrivilegeRepository(storage, host).load().catch(refused)).grants;
  const grants: PrivilegeGrant[] = [];
  for (const r of data.rooms) {
    for (const u of r.users) if (u.level) grants.push({ roomId: r.roomId, userId: u.id, userName: '', level: u.level.level, grantedBy: null, grantedAt: now });
  }
  const key = (g: { roomId: number; userId: number }): string => `${g.roomId}:${g.userId}`;
  const imported = new Set(grants.map(key));
  const replaced = existing.filter((g) => imported.has(key(g))).length;
  const users: ImportPlan['users'] = [];
  for (const r of data.rooms) {
    const have = new Set(usersOf(await storage.read(ROOM_USERS_NAMESPACE, `room-${r.roomId}`).catch(refused), `users/room-${r.roomId}`).map((u) => u.id));
    users.push({ roomId: r.roomId, ids: r.users.map((u) => u.id), added: r.users.filter((u) => !have.has(u.id)).length });
  }
  return { storageDir: storage.location, host, grants: [...existing.filter((g) => !imported.has(key(g))), ...grants], replaced, kept: existing.length - replaced, users, location: data.location };
}

/**
 * Imports into the bot's storage through the JSON-file store: takes the folder's lock (so it
 * refuses while the bot runs), plans again on what is there now, writes the users documents, the
 * location, then the grants. Each document is written atomically.
 */
export async function importInto(data: BotpyseData, storageDir: string, host: string): Promise<ImportPlan> {
  const storage = new JsonFileStorage({ folder: storageDir, app: 'botpy import-botpyse' });
  await storage.open().catch(refused);
  try {
    const plan = await planImport(data, storage, host);
    for (const u of plan.users) {
      await storage.update<UsersDoc>(ROOM_USERS_NAMESPACE, `room-${u.roomId}`, (doc) => {
        const list = usersOf(doc, `users/room-${u.roomId}`);
        const have = new Set(list.map((x) => x.id));
        for (const id of u.ids) if (!have.has(id)) list.push({ id, name: '', firstSeen: null, lastSeen: null, lastMessage: null });
        return { version: 1, users: list };
      });
    }
    if (plan.location !== null) await storage.write('', 'location', { location: plan.location, from: 'BotpySE location.txt' });
    await new StoragePrivilegeRepository(storage, host).save({ grants: plan.grants });
    return plan;
  } finally {
    await storage.close();
  }
}

/** The store a dry run reads (nothing is created, no lock is taken). */
export function readOnlyStore(storageDir: string): Storage {
  return new JsonFileStorage({ folder: storageDir, app: 'botpy import-botpyse', lock: false });
}
