import type { PrivilegeData } from './privilege-level.js';

/** Where privilege grants are kept. Registered under the `PrivilegeRepository` token. */
export interface PrivilegeRepository {
  /** A human-readable location (a file path) for messages. */
  readonly location: string;
  /** Reads the stored grants; empty data when nothing was stored yet. Throws when stored data is unusable. */
  load(): Promise<PrivilegeData>;
  /** Replaces the stored grants (atomically: readers see the old or the new data, never a mix). */
  save(data: PrivilegeData): Promise<void>;
}
