import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFilePrivilegeRepository } from '../src/privileges/json-file-privilege-repository.js';
import { PrivilegeService } from '../src/privileges/privilege-service.js';
import { PrivilegeError } from '../src/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'botpy-priv-own-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function service(): Promise<PrivilegeService> {
  const s = new PrivilegeService(new JsonFilePrivilegeRepository(join(dir, 'privileges.json')));
  s.addLevel(1, 'regular');
  s.addLevel(2, 'moderator');
  s.addLevel(3, 'owner');
  await s.load();
  return s;
}
const bob = { id: 2, name: 'Bob' };
const carol = { id: 3, name: 'Carol' };

describe('grants implied by room ownership', () => {
  it('are marked, persisted with the mark, and withdrawn (or give back the explicit level) when ownership ends', async () => {
    const s = await service();
    await s.grant(1, carol, 'regular');
    await s.grantViaOwnership(1, bob, 3);
    await s.grantViaOwnership(1, carol, 3);
    const stored = JSON.parse(await readFile(join(dir, 'privileges.json'), 'utf8')) as { grants: Record<string, unknown>[] };
    expect(stored.grants.find((g) => g.userId === 3)).toMatchObject({ level: 3, viaOwnership: true, explicitLevel: 1 });
    const again = await service();
    expect(again.list(1).find((g) => g.userId === 2)).toMatchObject({ viaOwnership: true });
    expect(await again.dropOwnershipGrant(1, 2)).toBe(true);
    expect(await again.dropOwnershipGrant(1, 3)).toBe(true);
    expect(again.levelOf(1, 2)).toBe(0);
    expect(again.levelOf(1, 3)).toBe(1);
    expect(await again.dropOwnershipGrant(1, 3)).toBe(false); // explicit now: not touched
  });
});

describe('removeLevel', () => {
  it('removes the level; its holders lose their grants; other levels and grants stay', async () => {
    const s = await service();
    await s.grant(1, bob, 'moderator');
    await s.grant(2, bob, 'moderator');
    await s.grant(1, carol, 'owner');
    expect(await s.removeLevel('moderator')).toBe(2);
    expect(s.levels.map((l) => l.name)).toEqual(['regular', 'owner']);
    expect(s.levelOf(1, bob.id)).toBe(0);
    expect(s.levelOf(2, bob.id)).toBe(0);
    expect(s.levelOf(1, carol.id)).toBe(3);
    await expect(s.grant(1, bob, 'moderator')).rejects.toBeInstanceOf(PrivilegeError);
    await expect(s.removeLevel(7)).rejects.toThrow(/unknown privilege level "7"/);
    const stored = JSON.parse(await readFile(join(dir, 'privileges.json'), 'utf8')) as { grants: { userId: number }[] };
    expect(stored.grants.map((g) => g.userId)).toEqual([carol.id]);
  });
});
