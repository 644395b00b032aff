import { chmod, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StorageError } from '../errors.js';
import { FolderLock } from './folder-lock.js';
import { readFileNoFollow, writeFileNoFollow } from './safe-file.js';
import type { Storage } from './storage.js';

/** Options of the JSON-file store. */
export interface JsonFileStorageOptions {
  /** The app's storage folder (created with mode 0700; an existing one is tightened to 0700). */
  folder: string;
  /** Who uses the folder, for the lock and its messages: bot name and chat server (`TestBot@stackexchange.com`). */
  app: string;
  /** Take the folder lock on open (default true): one live instance per folder. */
  lock?: boolean;
}

const NAME = /^[A-Za-z0-9_@-][A-Za-z0-9_.@-]*$/;

/**
 * The default `Storage`: one JSON file per document, `<folder>/<namespace>/<key>.json` (namespace
 * `''` = the folder itself, where `privileges.json` has always lived). Writes are atomic (temp file
 * + fsync + rename, mode 0600) and never follow a symbolic link; updates of one document are
 * serialised in the process, and the folder lock keeps other processes out.
 */
export class JsonFileStorage implements Storage {
  readonly location: string;
  private readonly lock: FolderLock | null;
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly known = new Set<string>();
  private opened: Promise<void> | null = null;

  constructor(private readonly o: JsonFileStorageOptions) {
    this.location = o.folder;
    this.lock = o.lock === false ? null : new FolderLock(o.folder, o.app);
  }

  /** Creates the folder (0700), tightens an existing one, takes the lock. Idempotent. */
  open(): Promise<void> {
    if (!this.opened) {
      this.opened = this.prepare().catch((err) => {
        this.opened = null;
        throw err;
      });
    }
    return this.opened;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
    this.lock?.release();
    this.opened = null;
  }

  /** Declares a document ahead of use, so `files()` names it before it exists (a fresh standby downloads it). */
  declare(namespace: string, key: string): void {
    this.known.add(this.relative(namespace, key));
  }

  async read<T = unknown>(namespace: string, key: string): Promise<T | undefined> {
    const file = this.path(namespace, key);
    const text = await readFileNoFollow(file);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new StorageError(file, 'is not valid JSON (fix or remove it; it was not reset)', { cause: err, code: 'STORAGE_CORRUPT' });
    }
  }

  write(namespace: string, key: string, value: unknown): Promise<void> {
    return this.serial(namespace, key, () => this.put(namespace, key, value));
  }

  delete(namespace: string, key: string): Promise<void> {
    return this.serial(namespace, key, async () => {
      try {
        await unlink(this.path(namespace, key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new StorageError(this.path(namespace, key), 'cannot be deleted', { cause: err });
      }
    });
  }

  update<T = unknown>(namespace: string, key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    return this.serial(namespace, key, async () => {
      const next = fn(await this.read<T>(namespace, key));
      if (next === undefined) {
        await unlink(this.path(namespace, key)).catch(() => undefined);
      } else {
        await this.put(namespace, key, next);
      }
      return next;
    });
  }

  async keys(namespace: string): Promise<string[]> {
    const dir = this.dir(namespace);
    const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw new StorageError(dir, 'cannot be listed', { cause: err });
    });
    return names.filter((n) => n.endsWith('.json') && NAME.test(n)).map((n) => n.slice(0, -'.json'.length)).sort();
  }

  /** The files (relative to the folder) of declared documents and of every document in a namespace folder. */
  async files(): Promise<string[]> {
    const out = new Set(this.known);
    const entries = await readdir(this.o.folder, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory() || !NAME.test(e.name)) continue;
      for (const k of await this.keys(e.name)) out.add(`${e.name}/${k}.json`);
    }
    return [...out].sort();
  }

  private async prepare(): Promise<void> {
    const folder = this.o.folder;
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      if (((await stat(folder)).mode & 0o077) !== 0) await chmod(folder, 0o700);
    } catch (err) {
      throw new StorageError(folder, `cannot be created or secured (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
    }
    await this.lock?.acquire();
  }

  private async put(namespace: string, key: string, value: unknown): Promise<void> {
    if (namespace !== '') await mkdir(this.dir(namespace), { recursive: true, mode: 0o700 });
    this.known.add(this.relative(namespace, key));
    await writeFileNoFollow(this.path(namespace, key), JSON.stringify(value, null, 2) + '\n');
  }

  /** Runs `fn` after every earlier operation on the same document (a failed one does not block the next). */
  private serial<R>(namespace: string, key: string, fn: () => Promise<R>): Promise<R> {
    let id: string;
    try {
      id = this.relative(namespace, key);
    } catch (err) {
      return Promise.reject(err);
    }
    const next = (this.chains.get(id) ?? Promise.resolve()).catch(() => undefined).then(fn);
    this.chains.set(id, next);
    void next.catch(() => undefined).finally(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
    return next;
  }

  private relative(namespace: string, key: string): string {
    if (namespace !== '' && !NAME.test(namespace)) throw new StorageError(namespace, 'is not a valid namespace (letters, digits, _ . @ -; not starting with a dot)');
    if (!NAME.test(key)) throw new StorageError(key, 'is not a valid key (letters, digits, _ . @ -; not starting with a dot)');
    return namespace === '' ? `${key}.json` : `${namespace}/${key}.json`;
  }

  private dir(namespace: string): string {
    if (namespace !== '' && !NAME.test(namespace)) throw new StorageError(namespace, 'is not a valid namespace');
    return namespace === '' ? this.o.folder : join(this.o.folder, namespace);
  }

  private path(namespace: string, key: string): string {
    return join(this.o.folder, this.relative(namespace, key));
  }
}
