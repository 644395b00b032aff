import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CookieJar, writeFileAtomic } from './commonjs-packages.js';

/**
 * Whose session a cookie file holds: the chat server (its host, e.g. `stackoverflow.com`) and the
 * account (its email). A jar is only ever used for the same server and account.
 */
export interface CookieJarOwner {
  host: string;
  email: string;
}

/** The file format: the jar plus whose it is (the email only as a hash). */
interface CookieFile {
  botpyCookies: 2;
  host: string;
  account: string;
  jar: unknown;
}

const accountKey = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** The name a jar of another server or account is moved to (the latest one kept). */
export const setAsideFile = (file: string): string => `${file}.set-aside`;

/**
 * Loads a tough-cookie jar saved by {@link saveCookieJar}. A missing, unreadable or corrupt file
 * gives an empty jar (the caller then logs in with the password) — reported through `onProblem`.
 * With `owner`, a jar saved for another chat server or account (or by an older version, which did
 * not record whose it was) is never used: it is moved to `<file>.set-aside`, reported, and an empty
 * jar is returned, so the configured credentials log in.
 */
export async function loadCookieJar(file: string | undefined, onProblem?: (reason: string) => void, owner?: CookieJarOwner): Promise<CookieJar> {
  if (!file) return new CookieJar();
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') onProblem?.(`cookie file unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return new CookieJar();
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    onProblem?.('cookie file is corrupt; starting with an empty jar');
    return new CookieJar();
  }
  const wrapped = typeof data === 'object' && data !== null && (data as Partial<CookieFile>).botpyCookies === 2 ? (data as CookieFile) : null;
  if (owner) {
    const whose = !wrapped
      ? 'an unknown account (saved by an older version)'
      : wrapped.host !== owner.host
        ? `another chat server (${wrapped.host})`
        : wrapped.account !== accountKey(owner.email)
          ? 'another account'
          : null;
    if (whose) {
      const aside = setAsideFile(file);
      await fs.rename(file, aside).catch(() => undefined);
      onProblem?.(`the saved cookies (${file}) are of ${whose}, not of the configured account on ${owner.host}: set aside as ${aside}; logging in with the configured email and password`);
      return new CookieJar();
    }
  }
  try {
    return await CookieJar.deserialize((wrapped ? wrapped.jar : data) as string);
  } catch {
    onProblem?.('cookie file is corrupt; starting with an empty jar');
    return new CookieJar();
  }
}

/** Writes the jar atomically (temp file + rename) with mode 0600: it holds the session. With `owner`, records whose it is. */
export async function saveCookieJar(jar: CookieJar, file: string, owner?: CookieJarOwner): Promise<void> {
  const serialized = await jar.serialize();
  const data: unknown = owner ? ({ botpyCookies: 2, host: owner.host, account: accountKey(owner.email), jar: serialized } satisfies CookieFile) : serialized;
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(data), { mode: 0o600 });
  await fs.chmod(file, 0o600);
}
