import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import writeFileAtomic from 'write-file-atomic';
import { BadKeyError, IntegrityError, UnsafeNameError } from './errors.js';
import { encodeName, resolveDataPath } from './name-mapping.js';
import type { RedundaClient } from './redunda-client.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { SyncManifest } from './sync-manifest.js';

export interface ConflictReport {
  /** Declared path (relative to the data directory). */
  file: string;
  /** Where the local copy was saved (relative to the data directory). */
  savedAs: string;
  localSha256: string;
  remoteSha256: string;
}

export interface SyncResult {
  transferred: string[];
  unchanged: string[];
  failed: { file: string; error: Error }[];
  conflicts: ConflictReport[];
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Moves the declared data files between the data directory and Redunda: downloads only declared files
 * whose SHA-256 differs (verified before an atomic rename), uploads only files whose SHA-256 differs
 * from the last synced one, and applies the conflict rule (remote wins, local copy saved aside).
 */
export class FileSync {
  constructor(
    private readonly o: {
      client: RedundaClient;
      dataDir: string;
      files: readonly string[];
      manifest: SyncManifest;
      retry: RetryPolicy;
      now: () => number;
      logger: Logger | undefined;
    },
  ) {}

  async readLocal(rel: string): Promise<Buffer | null> {
    try {
      return await readFile(resolveDataPath(this.o.dataDir, rel));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Lists remote files, then downloads declared ones that are missing locally or differ. */
  async download(signal?: AbortSignal): Promise<SyncResult> {
    const result: SyncResult = { transferred: [], unchanged: [], failed: [], conflicts: [] };
    const list = await withRetry(() => this.o.client.listFiles({ signal }), this.o.retry, signal);
    const remote = new Map(list.map((e) => [e.key, e]));
    for (const rel of this.o.files) {
      const entry = remote.get(encodeName(rel));
      if (!entry) continue;
      try {
        const local = await this.readLocal(rel);
        const localSha = local ? sha256(local) : null;
        const base = this.o.manifest.get(rel)?.sha256;
        if (localSha === entry.sha256) {
          if (base !== entry.sha256) await this.o.manifest.set(rel, entry.sha256, this.o.now());
          result.unchanged.push(rel);
          continue;
        }
        if (localSha !== null && base !== undefined && entry.sha256 === base) {
          result.unchanged.push(rel); // only the local copy changed: it is newer, keep it
          continue;
        }
        const data = await withRetry(
          async () => {
            const bytes = await this.o.client.download(entry.key, { signal });
            if (bytes === null) return null;
            const actual = sha256(bytes);
            if (actual !== entry.sha256) throw new IntegrityError(entry.key, entry.sha256, actual);
            return bytes;
          },
          this.o.retry,
          signal,
        );
        if (data === null) continue; // removed between list and download
        if (local !== null && localSha !== null) {
          // both sides changed since the last sync (or there is no record of one): the remote wins
          const savedAs = await this.saveAside(rel, local);
          result.conflicts.push({ file: rel, savedAs, localSha256: localSha, remoteSha256: entry.sha256 });
          this.o.logger?.warn({ file: rel, savedAs }, 'redunda sync conflict: kept the remote copy, saved the local one aside');
        }
        await this.writeAtomic(rel, data);
        await this.o.manifest.set(rel, entry.sha256, this.o.now());
        result.transferred.push(rel);
        this.o.logger?.info({ file: rel, bytes: data.length }, 'redunda file downloaded');
      } catch (err) {
        if (err instanceof BadKeyError) throw err;
        result.failed.push({ file: rel, error: err as Error });
      }
    }
    return result;
  }

  /** Uploads the given declared files (default: all) whose content differs from the last synced one. */
  async upload(files: Iterable<string> = this.o.files, signal?: AbortSignal, retry: RetryPolicy = this.o.retry): Promise<SyncResult> {
    const result: SyncResult = { transferred: [], unchanged: [], failed: [], conflicts: [] };
    for (const rel of files) {
      try {
        const local = await this.readLocal(rel);
        if (local === null) {
          result.unchanged.push(rel);
          continue;
        }
        const hash = sha256(local);
        if (this.o.manifest.get(rel)?.sha256 === hash) {
          result.unchanged.push(rel);
          continue;
        }
        await withRetry(() => this.o.client.upload(encodeName(rel), local, { signal }), retry, signal);
        await this.o.manifest.set(rel, hash, this.o.now());
        result.transferred.push(rel);
        this.o.logger?.info({ file: rel, bytes: local.length }, 'redunda file uploaded');
      } catch (err) {
        if (err instanceof BadKeyError) throw err;
        result.failed.push({ file: rel, error: err as Error });
      }
    }
    return result;
  }

  private async saveAside(rel: string, local: Buffer): Promise<string> {
    const stamp = new Date(this.o.now()).toISOString().replace(/[:.]/g, '-');
    const asideRel = `${rel}.conflict-${stamp}`;
    await writeFileAtomic(await this.safeTarget(asideRel), local, { fsync: true });
    return asideRel;
  }

  private async writeAtomic(rel: string, data: Buffer): Promise<void> {
    await writeFileAtomic(await this.safeTarget(rel), data, { fsync: true });
  }

  /** Resolves `rel` inside the data directory, creating parents; refuses symlinks that lead elsewhere. */
  private async safeTarget(rel: string): Promise<string> {
    const target = resolveDataPath(this.o.dataDir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    const root = await realpath(this.o.dataDir);
    const parent = await realpath(path.dirname(target));
    if (parent !== root && !parent.startsWith(root + path.sep)) throw new UnsafeNameError(`data file path ${JSON.stringify(rel)} leads outside the data directory`);
    try {
      if ((await lstat(target)).isSymbolicLink()) throw new UnsafeNameError(`data file ${JSON.stringify(rel)} is a symbolic link; refusing to replace it`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return target;
  }
}
