import { PrivilegeFileError } from '../errors.js';
import type { PrivilegeGrant } from './privilege-level.js';

/** Version of the privileges document (`{ version, grants }`). */
export const PRIVILEGES_FORMAT_VERSION = 1;

/** A stored grant: a `PrivilegeGrant` plus the chat server it belongs to (absent in files written before it was recorded). */
export type StoredGrant = PrivilegeGrant & { readonly host?: string };

/** Checks a parsed privileges document and returns its grants; throws PrivilegeFileError naming `where`. */
export function parseGrants(where: string, json: unknown): StoredGrant[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new PrivilegeFileError(where, 'expected a JSON object');
  const o = json as { version?: unknown; grants?: unknown };
  if (o.version !== PRIVILEGES_FORMAT_VERSION) throw new PrivilegeFileError(where, `unsupported version ${JSON.stringify(o.version)}`);
  if (!Array.isArray(o.grants)) throw new PrivilegeFileError(where, '"grants" must be an array');
  return o.grants.map((g: unknown, i: number) => {
    const r = g as Record<string, unknown>;
    const ok =
      typeof r === 'object' && r !== null &&
      Number.isInteger(r.roomId) && Number.isInteger(r.userId) && Number.isInteger(r.level) &&
      typeof r.userName === 'string' && (r.grantedBy === null || Number.isInteger(r.grantedBy)) &&
      typeof r.grantedAt === 'number' && (r.host === undefined || typeof r.host === 'string') &&
      (r.viaOwnership === undefined || r.viaOwnership === true) && (r.explicitLevel === undefined || Number.isInteger(r.explicitLevel));
    if (!ok) throw new PrivilegeFileError(where, `grant #${i} is malformed`);
    return {
      roomId: r.roomId as number, userId: r.userId as number, userName: r.userName as string, level: r.level as number,
      grantedBy: r.grantedBy as number | null, grantedAt: r.grantedAt as number, ...(typeof r.host === 'string' ? { host: r.host } : {}),
      ...(r.viaOwnership === true ? { viaOwnership: true as const } : {}), ...(Number.isInteger(r.explicitLevel) ? { explicitLevel: r.explicitLevel as number } : {}),
    };
  });
}
