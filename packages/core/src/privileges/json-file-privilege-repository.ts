import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { PrivilegeFileError } from '../errors.js';
import type { PrivilegeData, PrivilegeGrant } from './privilege-level.js';
import type { PrivilegeRepository } from './privilege-repository.js';

/** File name of the privileges file inside the storage directory. */
export const PRIVILEGES_FILE = 'privileges.json';

const FORMAT_VERSION = 1;

/**
 * Stores grants as JSON in one file, written atomically (temp file + rename) with mode 0600.
 * A missing file means "no grants yet"; a file that is not valid privileges JSON throws
 * PrivilegeFileError naming the file — it is never silently reset.
 */
export class JsonFilePrivilegeRepository implements PrivilegeRepository {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  get location(): string {
    return this.file;
  }

  async load(): Promise<PrivilegeData> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { grants: [] };
      throw new PrivilegeFileError(this.file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { cause: err });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new PrivilegeFileError(this.file, 'not valid JSON', { cause: err });
    }
    return { grants: parseGrants(this.file, json) };
  }

  save(data: PrivilegeData): Promise<void> {
    const body = JSON.stringify({ version: FORMAT_VERSION, grants: data.grants }, null, 2) + '\n';
    // Serialise writes so a slow earlier write can never overwrite a later one.
    const next = this.writing.catch(() => undefined).then(() => writeFileAtomic(this.file, body, { mode: 0o600 }));
    this.writing = next;
    return next;
  }
}

function parseGrants(file: string, json: unknown): PrivilegeGrant[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new PrivilegeFileError(file, 'expected a JSON object');
  const o = json as { version?: unknown; grants?: unknown };
  if (o.version !== FORMAT_VERSION) throw new PrivilegeFileError(file, `unsupported version ${JSON.stringify(o.version)}`);
  if (!Array.isArray(o.grants)) throw new PrivilegeFileError(file, '"grants" must be an array');
  return o.grants.map((g: unknown, i: number) => {
    const r = g as Record<string, unknown>;
    const ok =
      typeof r === 'object' && r !== null &&
      Number.isInteger(r.roomId) && Number.isInteger(r.userId) && Number.isInteger(r.level) &&
      typeof r.userName === 'string' && (r.grantedBy === null || Number.isInteger(r.grantedBy)) &&
      typeof r.grantedAt === 'number';
    if (!ok) throw new PrivilegeFileError(file, `grant #${i} is malformed`);
    return {
      roomId: r.roomId as number, userId: r.userId as number, userName: r.userName as string, level: r.level as number,
      grantedBy: r.grantedBy as number | null, grantedAt: r.grantedAt as number,
    };
  });
}
