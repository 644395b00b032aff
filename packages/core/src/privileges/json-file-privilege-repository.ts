import { PrivilegeFileError, StorageError } from '../errors.js';
import { readFileNoFollow, writeFileNoFollow } from '../storage/safe-file.js';
import type { PrivilegeData } from './privilege-level.js';
import type { PrivilegeRepository } from './privilege-repository.js';
import { parseGrants, PRIVILEGES_FORMAT_VERSION } from './privilege-file-format.js';

/** File name of the privileges file inside the storage directory. */
export const PRIVILEGES_FILE = 'privileges.json';

/**
 * Stores grants as JSON in one file of your choice, written atomically (temp file + fsync + rename)
 * with mode 0600, never through a symbolic link. A missing file means "no grants yet"; a file that
 * is not valid privileges JSON throws PrivilegeFileError naming the file — it is never silently
 * reset. (`bootstrap()` uses the app's `Storage` instead: see StoragePrivilegeRepository.)
 */
export class JsonFilePrivilegeRepository implements PrivilegeRepository {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  get location(): string {
    return this.file;
  }

  async load(): Promise<PrivilegeData> {
    let text: string | undefined;
    try {
      text = await readFileNoFollow(this.file);
    } catch (err) {
      const code = ((err as StorageError).cause as NodeJS.ErrnoException | undefined)?.code ?? 'error';
      throw new PrivilegeFileError(this.file, `cannot be read (${code})`, { cause: err });
    }
    if (text === undefined) return { grants: [] };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new PrivilegeFileError(this.file, 'not valid JSON', { cause: err });
    }
    return { grants: parseGrants(this.file, json) };
  }

  save(data: PrivilegeData): Promise<void> {
    const body = JSON.stringify({ version: PRIVILEGES_FORMAT_VERSION, grants: data.grants }, null, 2) + '\n';
    // Serialise writes so a slow earlier write can never overwrite a later one.
    const next = this.writing.catch(() => undefined).then(() => writeFileNoFollow(this.file, body));
    this.writing = next;
    return next;
  }
}
