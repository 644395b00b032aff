import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, rmdir, stat, unlink, utimes } from 'node:fs/promises';
import { StorageError, StorageLockedError } from '../errors.js';

/** The lock file's name inside a storage folder. */
export const LOCK_FILE = '.botpy.lock';
/** How often the holder refreshes the lock's time stamp. */
const HEARTBEAT_MS = 10_000;
/** A lock not refreshed for this long is stale (a holder on another machine that died, or a reused pid). */
const STALE_AFTER_MS = 60_000;
/** A lock file without content younger than this belongs to an instance still writing it. */
const EMPTY_GRACE_MS = 5_000;

/** What the lock file says about its holder. */
interface LockHolder {
  pid: number;
  hostname: string;
  /** Who holds it: bot name and chat server. */
  app: string;
  startedAt: number;
  token: string;
}

/**
 * One live instance per storage folder: an exclusive lock file (`O_EXCL`) holding pid, machine and
 * app. A lock left by a killed process (`kill -9`) is stale when its pid is gone on this machine,
 * or when its heartbeat is older than a minute; a stale lock is taken over under a short takeover
 * guard, so two starting instances never both win. `release()` removes the lock only if it is ours.
 */
export class FolderLock {
  private readonly file: string;
  private token: string | null = null;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly folder: string, private readonly app: string, private readonly now: () => number = Date.now) {
    this.file = join(folder, LOCK_FILE);
  }

  get held(): boolean {
    return this.token !== null;
  }

  /** Takes the lock; rejects with StorageLockedError when a live instance holds it. */
  async acquire(): Promise<void> {
    if (this.token) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.tryCreate()) return;
      const holder = await this.readHolder();
      if (holder && !(await this.isStale(holder))) throw new StorageLockedError(this.folder, describe(holder));
      // an empty lock file is an instance between creating and filling it, unless it is old (a crash then)
      if (!holder && (await this.age()) < EMPTY_GRACE_MS) throw new StorageLockedError(this.folder, 'an instance that is starting right now');
      await this.takeOver(holder);
    }
    throw new StorageError(this.file, 'could not take the lock (it keeps changing hands)', { code: 'STORAGE_LOCKED' });
  }

  /** Removes the lock when this instance holds it. Never rejects. */
  release(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const token = this.token;
    this.token = null;
    if (!token) return;
    // Synchronous on purpose: a tiny file at shutdown, not worth two trips through a busy thread pool.
    try {
      if ((JSON.parse(readFileSync(this.file, 'utf8')) as LockHolder).token === token) unlinkSync(this.file);
    } catch {
      // gone or replaced: nothing of ours to remove
    }
  }

  private async tryCreate(): Promise<boolean> {
    const token = randomBytes(12).toString('hex');
    const holder: LockHolder = { pid: process.pid, hostname: hostname(), app: this.app, startedAt: this.now(), token };
    let fh;
    try {
      fh = await open(this.file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw new StorageError(this.file, `cannot create the lock (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
    }
    try {
      await fh.writeFile(JSON.stringify(holder) + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
    this.token = token;
    this.heartbeat = setInterval(() => {
      const t = new Date(this.now());
      void utimes(this.file, t, t).catch(() => undefined);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    return true;
  }

  /** The holder, or null when the file vanished or is unreadable garbage (a crash while writing it). */
  private async readHolder(): Promise<LockHolder | null> {
    try {
      const h = JSON.parse(await readFile(this.file, 'utf8')) as LockHolder;
      return typeof h?.pid === 'number' && typeof h.hostname === 'string' ? h : null;
    } catch {
      return null;
    }
  }

  private async isStale(holder: LockHolder): Promise<boolean> {
    if (holder.hostname === hostname() && !pidAlive(holder.pid)) return true;
    return (await this.age()) > STALE_AFTER_MS;
  }

  private age(): Promise<number> {
    return stat(this.file).then((s) => this.now() - s.mtimeMs, () => Infinity);
  }

  /** Removes a stale (or unreadable) lock under a takeover guard, re-checking it first. */
  private async takeOver(seen: LockHolder | null): Promise<void> {
    const guard = `${this.file}.takeover`;
    try {
      await mkdir(guard);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // another instance is taking over right now; a guard left by a crash is cleared after a while
      const age = await stat(guard).then((s) => this.now() - s.mtimeMs, () => 0);
      if (age > HEARTBEAT_MS) await rmdir(guard).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
      return;
    }
    try {
      const now = await this.readHolder();
      if (now?.token === seen?.token) await unlink(this.file).catch(() => undefined);
    } finally {
      await rmdir(guard).catch(() => undefined);
    }
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function describe(h: LockHolder): string {
  return `${h.app} (pid ${h.pid} on ${h.hostname}, since ${new Date(h.startedAt).toISOString()})`;
}
