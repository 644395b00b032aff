import { describe, expect, it, beforeEach, afterEach } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFilePrivilegeRepository } from '../src/privileges/json-file-privilege-repository.js';
import { PrivilegeService } from '../src/privileges/privilege-service.js';
import { ConfigError, PrivilegeError, PrivilegeFileError } from '../src/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'botpy-priv-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function service(): Promise<PrivilegeService> {
  const s = new PrivilegeService(new JsonFilePrivilegeRepository(join(dir, 'privileges.json')));
  s.addLevel(1, 'regular');
  s.addLevel(2, 'owner');
  await s.load();
  return s;
}

const alice = { id: 1, name: 'Alice' };
const bob = { id: 2, name: 'Bob' };
const carol = { id: 3, name: 'Carol' };

describe('PrivilegeService', () => {
  it('levels are per room and 0 until granted', async () => {
    const s = await service();
    expect(s.levelOf(1, alice.id)).toBe(0);
    await s.grant(1, alice, 'owner');
    expect(s.levelOf(1, alice.id)).toBe(2);
    expect(s.levelOf(2, alice.id)).toBe(0);
    expect(s.topLevel).toBe(2);
    expect(s.levelName(2)).toBe('owner');
  });

  it('accepts levels by number or name and refuses unknown ones', async () => {
    const s = await service();
    await s.grant(1, bob, 1);
    await s.grant(1, carol, '2');
    expect(s.levelOf(1, carol.id)).toBe(2);
    await expect(s.grant(1, bob, 'admin')).rejects.toThrow(PrivilegeError);
    await expect(s.grant(1, bob, 3)).rejects.toThrow(/unknown privilege level "3"/);
  });

  it('refuses escalation by an acting user', async () => {
    const s = await service();
    await s.grant(1, alice, 'owner');
    await s.grant(1, bob, 'regular');
    await expect(s.grant(1, bob, 'owner', bob)).rejects.toThrow('your own privileges');
    await expect(s.grant(1, carol, 'owner', bob)).rejects.toThrow('above your own level');
    await expect(s.revoke(1, alice.id, bob)).rejects.toThrow('above your own level');
    await expect(s.grant(1, alice, 'regular', bob)).rejects.toThrow('above your own level');
    expect(s.levelOf(1, carol.id)).toBe(0);
    expect(s.levelOf(1, alice.id)).toBe(2);
    // within one's own level it works
    await s.grant(1, carol, 'regular', bob);
    expect(s.levelOf(1, carol.id)).toBe(1);
    expect(await s.revoke(1, bob.id, alice)).toBe(true);
    expect(await s.revoke(1, bob.id, alice)).toBe(false);
  });

  it('validates level definitions', async () => {
    const s = await service();
    expect(() => s.addLevel(0, 'zero')).toThrow(ConfigError);
    expect(() => s.addLevel(1.5, 'half')).toThrow(ConfigError);
    expect(() => s.addLevel(2, 'boss')).toThrow(/clashes/);
    expect(() => s.addLevel(3, 'Owner')).toThrow(/clashes/);
    expect(() => s.addLevel(3, 'two words')).toThrow(/one word/);
  });

  it('persists every change and survives a new service on the same file', async () => {
    const s = await service();
    const changes: number[] = [];
    s.onChange(() => changes.push(1));
    await s.grant(1, alice, 'owner');
    await s.grant(5, bob, 'regular');
    expect(changes).toHaveLength(2);
    const again = await service();
    expect(again.levelOf(1, alice.id)).toBe(2);
    expect(again.levelOf(5, bob.id)).toBe(1);
    expect(again.list(5)).toEqual([expect.objectContaining({ userId: 2, userName: 'Bob', level: 1, grantedBy: null })]);
  });

  it('refuses changes before load', async () => {
    const s = new PrivilegeService(new JsonFilePrivilegeRepository(join(dir, 'p.json')));
    s.addLevel(1, 'x');
    await expect(s.grant(1, alice, 1)).rejects.toThrow('not loaded');
  });
});

describe('JsonFilePrivilegeRepository', () => {
  it('treats a missing file as no grants', async () => {
    expect(await new JsonFilePrivilegeRepository(join(dir, 'none.json')).load()).toEqual({ grants: [] });
  });

  it('writes atomically with mode 0600 and leaves no temp files', async () => {
    const file = join(dir, 'privileges.json');
    const repo = new JsonFilePrivilegeRepository(file);
    const grant = { roomId: 1, userId: 2, userName: 'B', level: 1, grantedBy: null, grantedAt: 5 };
    await Promise.all([1, 2, 3, 4, 5].map((n) => repo.save({ grants: [{ ...grant, level: n }] })));
    expect((await repo.load()).grants[0].level).toBe(5); // the last write wins, never an older one
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['privileges.json']);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(1);
  });

  it.each([
    ['{not json', 'not valid JSON'],
    ['[]', 'expected a JSON object'],
    ['{"version":2,"grants":[]}', 'unsupported version'],
    ['{"version":1,"grants":{}}', 'must be an array'],
    ['{"version":1,"grants":[{"roomId":"1"}]}', 'grant #0 is malformed'],
  ])('a corrupt file (%s) throws PrivilegeFileError naming the file', async (body, reason) => {
    const file = join(dir, 'privileges.json');
    await writeFile(file, body);
    const err = await new JsonFilePrivilegeRepository(file).load().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrivilegeFileError);
    expect((err as PrivilegeFileError).code).toBe('PRIVILEGE_FILE');
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toContain(reason);
    expect(await readFile(file, 'utf8')).toBe(body); // never reset
  });
});
