import { afterEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { JsonFileStorage, JsonFilePrivilegeRepository } from '@botpy/core';
import { createTestBot } from '@botpy/testing';
import { decodeJsonpickle, PyObject } from '../src/botpyse/jsonpickle.js';
import { parseRoomFile, readBotpyseFolder } from '../src/botpyse/botpyse-folder.js';
import { runBotpyCli } from '../src/program.js';
import { encodeRoomFile, type Level } from './botpyse-encoder.js';

const SAMPLES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'botpy-data');
const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(path.join(os.tmpdir(), 'botpy-import-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runBotpyCli(args, { stdout, stderr, context: { logger: { info() {}, warn() {}, error() {}, debug() {} } as never, print: (lines) => void (out += lines.map((l) => `${l}\n`).join('')) } });
  return { code, out, err };
}

const OWNER: Level = { level: 2, name: 'owner' };
const REGULAR: Level = { level: 1, name: 'regular_user' };

describe('jsonpickle back-references, as jsonpickle restores them', () => {
  it('the shared sample: {"py/id": 2} is the owner PrivilegeType (slot 0 list, 1 dict, 2 object)', async () => {
    const users = parseRoomFile(await readFile(path.join(SAMPLES, 'Test_Bot_room_1_data'), 'utf8'));
    expect(users).toEqual([
      { id: 7, level: OWNER },
      { id: 8, level: OWNER },
      { id: 1234567, level: REGULAR },
      { id: 99, level: null },
    ]);
  });

  it('a back-reference is the same object; a forward reference is resolved at the end; a reference past the end is refused', () => {
    const v = decodeJsonpickle([{ 'py/object': 'm.C', a: 1 }, { 'py/id': 1 }, { 'py/id': 0 }]) as unknown[];
    expect(v[1]).toBe(v[0]);
    expect(v[2]).toBe(v);
    expect(v[0]).toBeInstanceOf(PyObject);
    const fwd = decodeJsonpickle({ x: { 'py/id': 1 }, y: { 'py/object': 'm.D', b: 2 } }) as Record<string, unknown>;
    expect(fwd.x).toBe(fwd.y);
    expect(() => decodeJsonpickle([{ 'py/id': 5 }])).toThrow(/points past/);
    expect(() => decodeJsonpickle([{ 'py/reduce': [] }])).toThrow(/unsupported jsonpickle tag "py\/reduce"/);
  });

  it('generated files (more users, several levels, any order) decode to what was written', () => {
    const levels: Level[] = [REGULAR, OWNER, { level: 3, name: 'admin' }, { level: 5, name: 'superuser' }];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ id: fc.integer({ min: -5, max: 20_000_000 }), level: fc.option(fc.constantFrom(...levels), { nil: null }) }), { selector: (u) => u.id, maxLength: 60 }),
        (users) => {
          expect(parseRoomFile(encodeRoomFile(users))).toEqual(users);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('botpy import-botpyse', () => {
  it('--dry-run on the shared samples: shows levels by name and number and users per room; writes nothing', async () => {
    const storage = await tempDir();
    const r = await cli(['import-botpyse', SAMPLES, '--name', 'Test Bot', '--storage', storage, '--dry-run']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('BotpySE data of "Test Bot"');
    expect(r.out).toContain('location: Alice/raspberry-pi');
    expect(r.out).toContain('levels (declare them in bootstrap({ privileges })): 1 regular_user, 2 owner');
    expect(r.out).toContain('room 1 (Test_Bot_room_1_data): 4 users');
    expect(r.out).toContain('    8: owner (2)');
    expect(r.out).toContain('    99: no level');
    expect(r.out).toContain('room 11540 (Test_Bot_room_11540_data): 2 users');
    expect(r.out).toContain('privileges.json: 5 grants');
    expect(r.out).toContain('--dry-run: nothing was written.');
    expect(await readdir(storage)).toEqual([]);
  });

  it('imports the shared samples into storage that the bot reads back (privileges.json, users, location)', async () => {
    const storage = await tempDir();
    const r = await cli(['import-botpyse', SAMPLES, '--storage', storage]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const { grants } = await new JsonFilePrivilegeRepository(path.join(storage, 'privileges.json')).load();
    expect(grants.map((g) => [g.roomId, g.userId, g.level]).sort()).toEqual(
      [
        [1, 7, 2],
        [1, 8, 2],
        [1, 1234567, 1],
        [11540, 42, 1],
        [11540, 43, 2],
      ].sort(),
    );
    const users = JSON.parse(await readFile(path.join(storage, 'users', 'room-1.json'), 'utf8')) as { users: { id: number }[] };
    expect(users.users.map((u) => u.id)).toEqual([7, 8, 1234567, 99]);
    expect(JSON.parse(await readFile(path.join(storage, 'location.json'), 'utf8'))).toMatchObject({ location: 'Alice/raspberry-pi' });
    // a second import replaces the same grants, keeps others
    const again = await cli(['import-botpyse', SAMPLES, '--storage', storage, '--dry-run']);
    expect(again.out).toContain('privileges.json: 5 grants (5 replacing existing ones, 0 other existing kept)');
  });

  it('a bot started on the imported storage honours the grants and knows the room users', async () => {
    const storage = await tempDir();
    expect((await cli(['import-botpyse', SAMPLES, '--storage', storage])).code).toBe(0);
    const bot = await createTestBot({ storageDir: storage, messages: { startup: null }, privileges: [{ level: 1, name: 'regular_user' }, { level: 2, name: 'owner' }] });
    try {
      const seven = bot.user({ name: 'Seven', id: 7 });
      const bob = { id: 2, name: 'Bob' };
      expect((await bot.room(1).say(seven, '@TestBot amiprivileged'))[0]!.text).toBe('You have the owner privilege (level 2) in this room.');
      expect((await bot.room(1).say(bob, '@TestBot amiprivileged'))[0]!.text).toBe('You have no privileges in this room.');
      expect(bot.app.users(1).map((u) => u.id)).toEqual(expect.arrayContaining([7, 8, 1234567, 99]));
      expect(bot.app.location).toBe('Alice/raspberry-pi'); // location.txt, as BotpySE showed it
    } finally {
      await bot.stop();
    }
  });

  it('refuses while the bot runs on that storage (its lock), writing nothing', async () => {
    const storage = await tempDir();
    const running = new JsonFileStorage({ folder: storage, app: 'testbot@stackexchange.com' });
    await running.open();
    try {
      const r = await cli(['import-botpyse', SAMPLES, '--storage', storage]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/is in use by .*nothing was written/);
      expect((await readdir(storage)).filter((f) => !f.startsWith('.'))).toEqual([]);
    } finally {
      await running.close();
    }
  });

  it('generated folders: several rooms, more users, other orders', async () => {
    const folder = await tempDir();
    const storage = await tempDir();
    const admin: Level = { level: 3, name: 'admin' };
    const room5 = [
      { id: 10, level: null },
      { id: 11, level: admin },
      { id: 12, level: REGULAR },
      { id: 13, level: admin },
      { id: 14, level: OWNER },
      { id: 15, level: REGULAR },
      { id: 16, level: null },
    ];
    await writeFile(path.join(folder, 'My_Big_Bot_room_5_data'), encodeRoomFile(room5));
    await writeFile(path.join(folder, 'My_Big_Bot_room_77_data'), encodeRoomFile([...room5].reverse()));
    await writeFile(path.join(folder, 'location.txt'), 'Bob\nserver-2\n');
    await writeFile(path.join(folder, 'redunda_key.txt'), 'not ours');
    const r = await cli(['import-botpyse', folder, '--storage', storage]);
    expect(r.err).toBe('');
    expect(r.out).toContain('levels (declare them in bootstrap({ privileges })): 1 regular_user, 2 owner, 3 admin');
    expect(r.out).toContain('not BotpySE room data, not imported: redunda_key.txt');
    const data = await readBotpyseFolder(folder);
    expect(data.botName).toBe('My Big Bot');
    expect(data.rooms.map((x) => x.roomId)).toEqual([5, 77]);
    expect(data.rooms[1]!.users).toEqual([...room5].reverse());
    const { grants } = await new JsonFilePrivilegeRepository(path.join(storage, 'privileges.json')).load();
    expect(grants.filter((g) => g.roomId === 77).map((g) => [g.userId, g.level])).toEqual([
      [15, 1],
      [14, 2],
      [13, 3],
      [12, 1],
      [11, 3],
    ]);
  });

  it.each([
    ['not JSON', 'Bot_room_1_data', '{{{', /Bot_room_1_data: not JSON/],
    ['a dangling back-reference', 'Bot_room_1_data', JSON.stringify(JSON.stringify([{ id: 1, _privilege_type: { 'py/id': 9 } }])), /Bot_room_1_data: "py\/id": 9 points past/],
    ['a user without id', 'Bot_room_1_data', JSON.stringify(JSON.stringify([{ _privilege_type: null }])), /Bot_room_1_data: user #1 has no integer "id"/],
    ['a PrivilegeType without level', 'Bot_room_1_data', JSON.stringify(JSON.stringify([{ id: 1, _privilege_type: { 'py/object': 'BotpySE.PrivilegeType.PrivilegeType', name: 'x' } }])), /user 1: the PrivilegeType has no integer "level"/],
    ['a pickled function', 'Bot_room_1_data', JSON.stringify(JSON.stringify([{ id: 1, _privilege_type: { 'py/function': 'os.system' } }])), /unsupported jsonpickle tag "py\/function"/],
    ['a one-line location.txt', 'location.txt', 'only one line\n', /location.txt: expected two non-empty lines, found 1/],
  ])('refuses %s, naming the file, and writes nothing', async (_what, file, content, message) => {
    const folder = await tempDir();
    const storage = await tempDir();
    await writeFile(path.join(folder, 'Bot_room_2_data'), encodeRoomFile([{ id: 5, level: OWNER }]));
    if (file !== 'Bot_room_2_data') await writeFile(path.join(folder, file), content);
    const r = await cli(['import-botpyse', folder, '--storage', storage]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('nothing was written');
    expect(await readdir(storage)).toEqual([]);
  });

  it('refuses a level with two numbers across rooms, two bots without --name, and an unreadable storage', async () => {
    const folder = await tempDir();
    const storage = await tempDir();
    await writeFile(path.join(folder, 'Bot_room_1_data'), encodeRoomFile([{ id: 5, level: OWNER }]));
    await writeFile(path.join(folder, 'Bot_room_2_data'), encodeRoomFile([{ id: 6, level: { level: 9, name: 'owner' } }]));
    let r = await cli(['import-botpyse', folder, '--storage', storage]);
    expect(r.err).toMatch(/Bot_room_2_data: level "owner" is 9 here but 2 elsewhere/);
    expect(await readdir(storage)).toEqual([]);
    const two = await tempDir();
    await cp(path.join(SAMPLES, 'Test_Bot_room_1_data'), path.join(two, 'Test_Bot_room_1_data'));
    await cp(path.join(SAMPLES, 'Test_Bot_room_1_data'), path.join(two, 'Other_room_1_data'));
    r = await cli(['import-botpyse', two, '--storage', storage]);
    expect(r.err).toMatch(/several bots \(Other, Test_Bot\): say which with --name/);
    r = await cli(['import-botpyse', two, '--name', 'Test Bot', '--storage', storage, '--dry-run']);
    expect(r.code).toBe(0);
    await writeFile(path.join(storage, 'privileges.json'), 'garbage');
    r = await cli(['import-botpyse', two, '--name', 'Test Bot', '--storage', storage]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/privileges.json.*nothing was written/);
    expect(await readFile(path.join(storage, 'privileges.json'), 'utf8')).toBe('garbage');
  });
});
