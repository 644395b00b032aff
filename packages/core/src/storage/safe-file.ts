import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { StorageError } from '../errors.js';

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code ?? 'error';

/**
 * Reads a file without following a symbolic link at its name (O_NOFOLLOW). `undefined` when it
 * does not exist; a link or an unreadable file rejects with a StorageError naming the file.
 */
export async function readFileNoFollow(file: string): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    if (errno(err) === 'ELOOP') throw new StorageError(file, 'is a symbolic link; storage never reads or writes through links (replace it with a regular file)', { cause: err, code: 'STORAGE_SYMLINK' });
    throw new StorageError(file, `cannot be read (${errno(err)})`, { cause: err });
  }
  try {
    return await fh.readFile('utf8');
  } catch (err) {
    throw new StorageError(file, `cannot be read (${errno(err)})`, { cause: err });
  } finally {
    await fh.close();
  }
}

/**
 * Replaces a file atomically: a new temp file (O_EXCL | O_NOFOLLOW, mode 0600) in the same folder,
 * written and fsync'ed, then renamed over the name. A symbolic link at the name is refused, so a
 * write never lands on (or chmods) whatever a link points to. Resolves once the data is durable.
 */
export async function writeFileNoFollow(file: string, data: string, mode = 0o600): Promise<void> {
  try {
    if ((await lstat(file)).isSymbolicLink()) {
      throw new StorageError(file, 'is a symbolic link; storage never writes through links (replace it with a regular file)', { code: 'STORAGE_SYMLINK' });
    }
  } catch (err) {
    if (err instanceof StorageError) throw err;
    if (errno(err) !== 'ENOENT') throw new StorageError(file, `cannot be written (${errno(err)})`, { cause: err });
  }
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    try {
      await fh.writeFile(data, 'utf8');
      await fh.chmod(mode);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file); // replaces the name itself: a link raced in meanwhile is replaced, never followed
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new StorageError(file, `cannot be written (${errno(err)})`, { cause: err });
  }
  await syncFolder(dirname(file));
}

/** fsync of a folder, so a rename in it survives a power cut; best effort. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const fh = await open(dir, constants.O_RDONLY);
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // some file systems refuse fsync on folders
  }
}
