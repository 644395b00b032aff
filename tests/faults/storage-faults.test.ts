import { spawn, execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StorageLockedError } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

// Issue #12 items 3 (transactional grants), 4 (one instance per storage folder, keys with the chat
// server) and 9 (no symlink following, folder 0700), driven through the emulator and the real client.
const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../..');
const alice = { id: 1, name: 'Alice Owner' }; // owns room 1: admin through roomOwnersMax
const bob = { id: 2, name: 'Bob' };
const carol = { id: 3, name: 'Carol' };
const LEVELS = [{ level: 1, name: 'regular' }, { level: 2, name: 'admin' }];
const texts = async (bot: TestBot, u: { id: number; name: string }, t: string) => (await bot.room(1).say(u, t)).map((r) => r.text.trim()).join('\n');

describe('storage faults (issue #12: 3, 4, 9)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'botpy-storage-faults-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core'], { cwd: ROOT }); // the child runs the built store
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('3: a grant or revoke whose save fails changes nothing, says so, and a restart agrees', async () => {
    const storageDir = join(dir, 'transactional');
    const bot = await createTestBot({ storageDir, privileges: LEVELS, roomOwnersMax: true, messages: { startup: null } });
    try {
      expect(await texts(bot, alice, '@tes privilege 2 regular')).toMatch(/^Bob \(2\) now has the regular privilege/);
      const file = join(storageDir, 'privileges.json');
      const saved = await readFile(file, 'utf8');
      // the storage becomes unwritable: a directory where the document must be replaced (root ignores chmod)
      await rm(file);
      await mkdir(join(file, 'blocker'), { recursive: true });

      expect(await texts(bot, alice, '@tes unprivilege 2')).toMatch(/^Not saved: the change could not be saved .*, so it was not made\. Nothing changed/);
      expect(bot.app.privileges.levelOf(1, 2)).toBe(1); // not in force in memory either
      expect(await texts(bot, alice, '@tes unprivilege 2')).toMatch(/^Not saved/); // a retry does not say "had no privileges"
      expect(await texts(bot, alice, '@tes privilege 3 regular')).toMatch(/^Not saved/);
      expect(bot.app.privileges.levelOf(1, 3)).toBe(0); // a grant reported failed is not in force
      expect(await texts(bot, carol, '@tes amiprivileged')).toBe('You have no privileges in this room.');

      // the disk comes back; after a restart the levels are what the bot said
      await rm(file, { recursive: true });
      await writeFile(file, saved);
      await bot.restart();
      expect(bot.app.privileges.levelOf(1, 2)).toBe(1);
      expect(bot.app.privileges.levelOf(1, 3)).toBe(0);
      expect(await texts(bot, alice, '@tes unprivilege 2')).toBe('Bob (2) has no privileges here any more.');
      await bot.restart();
      expect(bot.app.privileges.levelOf(1, 2)).toBe(0);
    } finally {
      await bot.stop();
    }
  });

  it('4: a second live instance on the folder is refused with a clear error; the first keeps its grants', async () => {
    const storageDir = join(dir, 'two');
    const first = await createTestBot({ storageDir, privileges: LEVELS, messages: { startup: null } });
    try {
      await first.app.privileges.grant(1, bob, 'regular');
      const err = (await createTestBot({ storageDir, privileges: LEVELS, messages: { startup: null } }).catch((e: unknown) => e)) as StorageLockedError;
      if (!(err instanceof Error)) await (err as unknown as TestBot).stop();
      expect(err).toBeInstanceOf(StorageLockedError);
      expect(err.message).toMatch(/storage folder .* is in use by testbot@stackexchange\.com \(pid \d+ on .*\); run one instance per storage folder/);
      await first.app.privileges.grant(1, carol, 'regular');
      expect(JSON.parse(await readFile(join(storageDir, 'privileges.json'), 'utf8')).grants.map((g: { userId: number }) => g.userId).sort()).toEqual([2, 3]);
    } finally {
      await first.stop();
    }
    // stopped: the folder is free again
    const again = await createTestBot({ storageDir, privileges: LEVELS, messages: { startup: null } });
    expect(again.app.privileges.levelOf(1, 3)).toBe(1);
    await again.stop();
  });

  it('4: a lock left by kill -9 is detected as stale and the next start takes over', async () => {
    const storageDir = join(dir, 'killed');
    const child = spawn(process.execPath, [join(here, 'storage-lock.child.mjs'), storageDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && res());
      child.on('exit', (code) => rej(new Error(`the lock child exited (${code})`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    try {
      const blocked = await createTestBot({ storageDir, messages: { startup: null } }).catch((e: unknown) => e);
      if (!(blocked instanceof Error)) await (blocked as TestBot).stop();
      expect(blocked).toBeInstanceOf(StorageLockedError);
      expect((blocked as Error).message).toContain('child@stackexchange.com');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const bot = await createTestBot({ storageDir, messages: { startup: null } });
    expect(bot.app.isAlive).toBe(true);
    await bot.stop();
  });

  it('4: grants are keyed with the chat server: one folder used on two servers never mixes their users', async () => {
    const storageDir = join(dir, 'hosts');
    const bot = await createTestBot({ storageDir, privileges: LEVELS, messages: { startup: null } });
    try {
      await bot.app.privileges.grant(1, bob, 'admin');
      await bot.restart({ host: 'stackoverflow.com' });
      expect(bot.app.privileges.levelOf(1, 2)).toBe(0); // user 2 on stackoverflow.com is someone else
      await bot.app.privileges.grant(1, carol, 'regular');
      await bot.restart({ host: 'stackexchange.com' });
      expect(bot.app.privileges.levelOf(1, 2)).toBe(2);
      expect(bot.app.privileges.levelOf(1, 3)).toBe(0);
      const grants = JSON.parse(await readFile(join(storageDir, 'privileges.json'), 'utf8')).grants as { userId: number; host: string }[];
      expect(grants.map((g) => `${g.host}:${g.userId}`).sort()).toEqual(['stackexchange.com:2', 'stackoverflow.com:3']);
    } finally {
      await bot.stop();
    }
  });

  it('4: a privileges.json written before grants recorded their server still loads (and is migrated)', async () => {
    const storageDir = join(dir, 'legacy');
    await mkdir(storageDir, { recursive: true });
    const legacy = { version: 1, grants: [{ roomId: 1, userId: 2, userName: 'Bob', level: 2, grantedBy: null, grantedAt: 1 }] };
    await writeFile(join(storageDir, 'privileges.json'), JSON.stringify(legacy));
    const bot = await createTestBot({ storageDir, privileges: LEVELS, messages: { startup: null } });
    try {
      expect(bot.app.privileges.levelOf(1, 2)).toBe(2);
      expect(await texts(bot, bob, '@tes amiprivileged')).toBe('You have the admin privilege (level 2) in this room.');
    } finally {
      await bot.stop();
    }
    const stored = JSON.parse(await readFile(join(storageDir, 'privileges.json'), 'utf8'));
    expect(stored.grants).toEqual([expect.objectContaining({ userId: 2, level: 2, host: 'stackexchange.com' })]);
  });

  it('9: a symlinked privileges.json is never written through; the folder is tightened to 0700', async () => {
    const storageDir = join(dir, 'symlink');
    await mkdir(storageDir, { recursive: true, mode: 0o755 });
    await chmod(storageDir, 0o755);
    const target = join(dir, 'elsewhere.json');
    const original = JSON.stringify({ version: 1, grants: [] });
    await writeFile(target, original);
    await chmod(target, 0o644);
    await symlink(target, join(storageDir, 'privileges.json'));
    const err = await createTestBot({ storageDir, privileges: LEVELS, messages: { startup: null } }).catch((e: unknown) => e);
    // reading through the link is refused too: start-up stops with an error naming the file
    expect((err as Error).message).toMatch(/privileges\.json.*symbolic link/);
    expect((await stat(storageDir)).mode & 0o777).toBe(0o700);
    expect(await readFile(target, 'utf8')).toBe(original);
    expect((await stat(target)).mode & 0o777).toBe(0o644);
  });

  it('9: a link raced in after start is not written through either', async () => {
    const storageDir = join(dir, 'symlink-later');
    const bot = await createTestBot({ storageDir, privileges: LEVELS, roomOwnersMax: true, messages: { startup: null } });
    try {
      const target = join(dir, 'victim.txt');
      await writeFile(target, 'precious');
      await chmod(target, 0o640);
      await rm(join(storageDir, 'privileges.json'));
      await symlink(target, join(storageDir, 'privileges.json'));
      expect(await texts(bot, alice, '@tes privilege 2 regular')).toMatch(/^Not saved: .*symbolic link/);
      expect(await readFile(target, 'utf8')).toBe('precious');
      expect((await stat(target)).mode & 0o777).toBe(0o640);
      expect(bot.app.privileges.levelOf(1, 2)).toBe(0);
    } finally {
      await bot.stop();
    }
  });
});
