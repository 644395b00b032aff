import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CliError } from '../src/cli-error.js';
import { demoBotAccount, emulatorAppEnv, hostOf, loginAccounts } from '../src/emulator-session.js';
import { loadWorldFile } from '../src/world-file.js';

describe('loadWorldFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'botpy-world-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a valid world', async () => {
    const file = path.join(dir, 'ok.json');
    const world = { users: [{ id: 1, name: 'A', email: 'a@x', password: 'p', moderator: true }], rooms: [{ id: 2, name: 'R', owners: [1] }] };
    await writeFile(file, JSON.stringify(world));
    expect(await loadWorldFile(file)).toEqual(world);
  });

  it('names a missing file', async () => {
    const file = path.join(dir, 'missing.json');
    await expect(loadWorldFile(file)).rejects.toThrow(new CliError('BAD_WORLD_FILE', `Cannot read world file ${file}: ENOENT`));
  });

  it('lists every problem', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ users: [{ id: 1, name: 'A', email: 3 }], rooms: [{ id: 1.5, name: '', owners: ['x'] }] }));
    const error = await loadWorldFile(file).catch((e: unknown) => e as CliError);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('BAD_WORLD_FILE');
    expect((error as CliError).message.split('\n').slice(1)).toEqual([
      '  - users[0].email must be a string',
      '  - rooms[0].id must be a positive integer',
      '  - rooms[0].name must be a non-empty string',
      '  - rooms[0].owners must be an array of user ids',
    ]);
  });

  it('refuses a top level that is not an object', async () => {
    const file = path.join(dir, 'array.json');
    await writeFile(file, '[]');
    await expect(loadWorldFile(file)).rejects.toThrow(/top level must be an object/);
  });
});

describe('emulator session helpers', () => {
  it('maps emulated servers to chat hosts', () => {
    expect(hostOf('stackoverflow')).toBe('stackoverflow.com');
    expect(hostOf('stackexchange')).toBe('stackexchange.com');
    expect(hostOf('meta')).toBe('meta.stackexchange.com');
  });

  it('finds the demo bot and builds the app environment for it', () => {
    const bot = demoBotAccount();
    expect(bot).toEqual({ id: 100, name: 'TestBot', email: 'bot@example.com', password: 'botpass' });
    expect(emulatorAppEnv({ origin: 'http://127.0.0.1:1', loginOrigin: 'http://127.0.0.1:2', server: 'stackexchange' }, bot, [1, 2])).toEqual({
      ChatbotEmail: 'bot@example.com',
      ChatbotPass: 'botpass',
      BOTPY_HOST: 'stackexchange.com',
      BOTPY_ROOMS: '1,2',
      BOTPY_CHAT_ORIGIN: 'http://127.0.0.1:1',
      BOTPY_LOGIN_ORIGIN: 'http://127.0.0.1:2',
      BOTPY_ALIASES: 'TestBot',
    });
  });

  it('lists only accounts that can log in', () => {
    expect(loginAccounts({ users: [{ id: 1, name: 'A', email: 'a@x' }, { id: 2, name: 'B', email: 'b@x', password: 'p' }], rooms: [] })).toEqual([
      { id: 2, name: 'B', email: 'b@x', password: 'p' },
    ]);
  });
});
