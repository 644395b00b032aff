import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFileStorage, StorageError, StorageLockedError } from '@botpy/core';

describe('JsonFileStorage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'botpy-storage-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads, writes, updates, deletes and lists documents; files 0600 in a 0700 folder', async () => {
    const folder = join(dir, 'a');
    const s = new JsonFileStorage({ folder, app: 'testbot@stackexchange.com' });
    await s.open();
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect(await s.read('notes', 'x')).toBeUndefined();
    await s.write('notes', 'x', { a: 1 });
    await s.write('', 'top', [1, 2]);
    expect(await s.read('notes', 'x')).toEqual({ a: 1 });
    expect((await stat(join(folder, 'notes', 'x.json'))).mode & 0o777).toBe(0o600);
    expect(await s.read('', 'top')).toEqual([1, 2]);
    // concurrent updates of one document are serialised: none is lost
    await Promise.all(Array.from({ length: 20 }, () => s.update<number>('notes', 'n', (v) => (v ?? 0) + 1)));
    expect(await s.read('notes', 'n')).toBe(20);
    expect(await s.keys('notes')).toEqual(['n', 'x']);
    expect(await s.update('notes', 'x', () => undefined)).toBeUndefined();
    await s.delete('notes', 'n');
    await s.delete('notes', 'never-there');
    expect(await s.keys('notes')).toEqual([]);
    expect(await readdir(join(folder, 'notes'))).toEqual([]); // no temp files left
    await s.close();
  });

  it('names documents for a file-copying coordinator: declared ones and those of namespace folders', async () => {
    const folder = join(dir, 'files');
    const s = new JsonFileStorage({ folder, app: 't@x' });
    await s.open();
    s.declare('', 'privileges');
    await s.write('rooms', 'room_1', {});
    expect(await s.files()).toEqual(['privileges.json', 'rooms/room_1.json']);
    await s.close();
  });

  it('refuses unsafe names and reports corrupt JSON without resetting it', async () => {
    const folder = join(dir, 'names');
    const s = new JsonFileStorage({ folder, app: 't@x' });
    await s.open();
    await expect(s.write('..', 'x', 1)).rejects.toBeInstanceOf(StorageError);
    await expect(s.write('a', '../../etc/passwd', 1)).rejects.toBeInstanceOf(StorageError);
    await expect(s.read('a', '.hidden')).rejects.toBeInstanceOf(StorageError);
    await writeFile(join(folder, 'bad.json'), '{oops');
    const err = (await s.read('', 'bad').catch((e: unknown) => e)) as StorageError;
    expect(err.code).toBe('STORAGE_CORRUPT');
    expect(err.message).toContain(join(folder, 'bad.json'));
    expect(await readFile(join(folder, 'bad.json'), 'utf8')).toBe('{oops');
    await s.close();
  });

  it('tightens an existing folder to 0700', async () => {
    const folder = join(dir, 'loose');
    await mkdir(folder, { mode: 0o755 });
    await chmod(folder, 0o755);
    const s = new JsonFileStorage({ folder, app: 't@x' });
    await s.open();
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    await s.close();
  });

  it('never writes or reads through a symbolic link', async () => {
    const folder = join(dir, 'links');
    const s = new JsonFileStorage({ folder, app: 't@x' });
    await s.open();
    const target = join(dir, 'target.json');
    await writeFile(target, '"keep me"');
    await chmod(target, 0o644);
    await symlink(target, join(folder, 'doc.json'));
    const err = (await s.write('', 'doc', 'overwritten').catch((e: unknown) => e)) as StorageError;
    expect(err.code).toBe('STORAGE_SYMLINK');
    await expect(s.read('', 'doc')).rejects.toMatchObject({ code: 'STORAGE_SYMLINK' });
    expect(await readFile(target, 'utf8')).toBe('"keep me"');
    expect((await stat(target)).mode & 0o777).toBe(0o644);
    await s.close();
  });

  it('one live instance per folder: a second open fails naming the holder; close releases', async () => {
    const folder = join(dir, 'locked');
    const a = new JsonFileStorage({ folder, app: 'bot-a@stackexchange.com' });
    await a.open();
    const b = new JsonFileStorage({ folder, app: 'bot-b@stackoverflow.com' });
    const err = (await b.open().catch((e: unknown) => e)) as StorageLockedError;
    expect(err).toBeInstanceOf(StorageLockedError);
    expect(err.code).toBe('STORAGE_LOCKED');
    expect(err.message).toContain('bot-a@stackexchange.com');
    expect(err.message).toContain(`pid ${process.pid}`);
    await a.close();
    await b.open();
    await b.close();
  });

  it('a lock left by a dead process on this machine is stale and taken over', async () => {
    const folder = join(dir, 'stale');
    await mkdir(folder, { recursive: true });
    const dead = { pid: 2 ** 22 + 12345, hostname: (await import('node:os')).hostname(), app: 'ghost@stackexchange.com', startedAt: 1, token: 'x' };
    await writeFile(join(folder, '.botpy.lock'), JSON.stringify(dead));
    const s = new JsonFileStorage({ folder, app: 'bot@stackexchange.com' });
    await s.open();
    expect(JSON.parse(await readFile(join(folder, '.botpy.lock'), 'utf8')).pid).toBe(process.pid);
    await s.close();
  });
});
