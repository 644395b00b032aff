import { describe, expect, it } from '@jest/globals';
import { RoomUsers, type Storage, type TransportEvent } from '@botpy/core';
import { captureLogger } from './capture-logger.js';

/** A Storage in memory (what the JSON-file store does, without files). */
function memoryStorage(): Storage & { docs: Map<string, unknown> } {
  const docs = new Map<string, unknown>();
  const id = (ns: string, k: string) => `${ns}/${k}`;
  return {
    docs,
    location: 'memory',
    read: async <T>(ns: string, k: string) => structuredClone(docs.get(id(ns, k))) as T | undefined,
    write: async (ns: string, k: string, v: unknown) => void docs.set(id(ns, k), structuredClone(v)),
    delete: async (ns: string, k: string) => void docs.delete(id(ns, k)),
    update: async <T>(ns: string, k: string, fn: (c: T | undefined) => T | undefined) => {
      const v = fn(docs.get(id(ns, k)) as T | undefined);
      if (v === undefined) docs.delete(id(ns, k));
      else docs.set(id(ns, k), v);
      return v;
    },
    keys: async (ns: string) => [...docs.keys()].filter((k) => k.startsWith(`${ns}/`)).map((k) => k.slice(ns.length + 1)),
  };
}

const msg = (roomId: number, user: { id: number; name: string }, time: number): TransportEvent => ({
  type: 1, typeName: 'MessagePosted', roomId, event: {},
  message: { id: time, text: 'hi', html: 'hi', user, room: { id: roomId, name: 'R' }, time, isReply: false, repliedToBot: false, mentionsBot: false },
});
const presence = (type: 3 | 4, roomId: number, userId: number, userName: string): TransportEvent => ({ type, typeName: type === 3 ? 'UserEntered' : 'UserLeft', roomId, event: { userId, userName } });

describe('RoomUsers', () => {
  it('keeps first/last seen, last message and presence per room; lists by last seen; persists and reloads', async () => {
    let now = 1_000_000;
    const storage = memoryStorage();
    const users = new RoomUsers(storage, captureLogger().logger, () => now);
    await users.load([1, 2]);
    users.seed(1, [{ id: 5, name: 'Eve' }]);
    now += 1000;
    users.observe(presence(3, 1, 6, 'Finn'));
    now += 1000;
    users.observe(msg(1, { id: 5, name: 'Eve' }, 999));
    users.observe(presence(4, 2, 6, 'Finn'));
    expect(users.get(1, 5)).toEqual({ id: 5, name: 'Eve', firstSeen: 1_000_000, lastSeen: 1_002_000, lastMessage: 999, present: true });
    expect(users.get(1, 6)).toMatchObject({ firstSeen: 1_001_000, lastMessage: null, present: true });
    expect(users.get(2, 6)).toMatchObject({ present: false });
    expect(users.list(1).map((u) => u.id)).toEqual([5, 6]);
    expect(users.list(1, { sinceMs: 1_001_500 }).map((u) => u.id)).toEqual([5]);
    await users.flush();
    expect(storage.docs.get('users/room-1')).toEqual({ version: 1, users: expect.arrayContaining([expect.objectContaining({ id: 5, lastMessage: 999 })]) });

    const again = new RoomUsers(storage, captureLogger().logger, () => now);
    await again.load([1]);
    expect(again.get(1, 5)).toMatchObject({ name: 'Eve', firstSeen: 1_000_000, lastMessage: 999, present: false });
  });

  it('a broken stored document is logged and the room starts empty', async () => {
    const storage = memoryStorage();
    storage.docs.set('users/room-1', { version: 1, users: 'nope' });
    const { logger, lines } = captureLogger();
    const users = new RoomUsers(storage, logger);
    await users.load([1]);
    expect(users.list(1)).toEqual([]);
    expect(lines.some((l) => /cannot be read/.test(JSON.stringify(l)))).toBe(true);
  });
});
