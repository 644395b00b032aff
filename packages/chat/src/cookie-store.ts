import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CookieJar } from 'tough-cookie';
import writeFileAtomic from 'write-file-atomic';

/**
 * Loads a tough-cookie jar serialized by {@link saveCookieJar}. A missing, unreadable or corrupt file
 * gives an empty jar (the caller then logs in with the password) — reported through `onProblem`.
 */
export async function loadCookieJar(file: string | undefined, onProblem?: (reason: string) => void): Promise<CookieJar> {
  if (!file) return new CookieJar();
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onProblem?.(`cookie file unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return new CookieJar();
  }
  try {
    return await CookieJar.deserialize(JSON.parse(text) as string);
  } catch {
    onProblem?.('cookie file is corrupt; starting with an empty jar');
    return new CookieJar();
  }
}

/** Writes the jar atomically (temp file + rename) with mode 0600: it holds the session. */
export async function saveCookieJar(jar: CookieJar, file: string): Promise<void> {
  const data = await jar.serialize();
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(data), { mode: 0o600 });
  await fs.chmod(file, 0o600);
}
