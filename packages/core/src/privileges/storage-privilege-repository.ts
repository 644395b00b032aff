import { join } from 'node:path';
import { PrivilegeFileError, StorageError } from '../errors.js';
import type { Storage } from '../storage/storage.js';
import type { PrivilegeData } from './privilege-level.js';
import type { PrivilegeRepository } from './privilege-repository.js';
import { parseGrants, PRIVILEGES_FORMAT_VERSION, type StoredGrant } from './privilege-file-format.js';

/** Namespace and key of the privileges document (the JSON-file store keeps it as `<storageDir>/privileges.json`). */
export const PRIVILEGES_DOCUMENT = { namespace: '', key: 'privileges' } as const;

/**
 * The privilege repository as one user of the app's `Storage`: one document, `{ version, grants }`,
 * each grant recording the chat server it belongs to, so one store used on two chat servers never
 * mixes their users. Grants written before the server was recorded belong to whichever server loads
 * them first (and are written back with it). Saves are read-modify-write (`Storage.update`), so the
 * grants of other servers in the document are kept.
 */
export class StoragePrivilegeRepository implements PrivilegeRepository {
  constructor(private readonly storage: Storage, private readonly host: string) {
    storage.declare?.(PRIVILEGES_DOCUMENT.namespace, PRIVILEGES_DOCUMENT.key);
  }

  get location(): string {
    return this.where;
  }

  async load(): Promise<PrivilegeData> {
    const grants = (await this.readAll()).filter((g) => g.host === undefined || g.host === this.host);
    const outdated = grants.some((g) => g.host === undefined);
    return { grants: grants.map(({ host: _host, ...g }) => g), ...(outdated ? { outdated } : {}) };
  }

  async save(data: PrivilegeData): Promise<void> {
    const { namespace, key } = PRIVILEGES_DOCUMENT;
    await this.storage.update(namespace, key, (current: unknown) => {
      const others = current === undefined ? [] : parseGrants(this.where, current).filter((g) => g.host !== undefined && g.host !== this.host);
      const mine: StoredGrant[] = data.grants.map((g) => ({ ...g, host: this.host }));
      return { version: PRIVILEGES_FORMAT_VERSION, grants: [...mine, ...others] };
    });
  }

  private get where(): string {
    return /^[a-z]+:\/\//.test(this.storage.location) ? `${this.storage.location}/privileges` : join(this.storage.location, 'privileges.json');
  }

  private async readAll(): Promise<StoredGrant[]> {
    let json: unknown;
    try {
      json = await this.storage.read(PRIVILEGES_DOCUMENT.namespace, PRIVILEGES_DOCUMENT.key);
    } catch (err) {
      if (err instanceof StorageError && err.code === 'STORAGE_CORRUPT') throw new PrivilegeFileError(this.where, 'not valid JSON', { cause: err });
      if (err instanceof StorageError) throw new PrivilegeFileError(this.where, err.message, { cause: err });
      throw err;
    }
    return json === undefined ? [] : parseGrants(this.where, json);
  }
}
