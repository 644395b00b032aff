/** A named privilege level. Higher numbers carry more power; 0 means "no privileges". */
export interface PrivilegeLevel {
  readonly level: number;
  readonly name: string;
}

/** One user's level in one room. */
export interface PrivilegeGrant {
  readonly roomId: number;
  readonly userId: number;
  /** The display name when the grant was made (for listings only; identity is the id). */
  readonly userName: string;
  readonly level: number;
  /** Who granted it: a user id, or null when granted by the application itself. */
  readonly grantedBy: number | null;
  /** Epoch milliseconds. */
  readonly grantedAt: number;
  /**
   * Implied by room ownership (`roomOwnersMax`): withdrawn when the person stops owning the room.
   * Absent on explicit grants, which survive a demotion.
   */
  readonly viaOwnership?: true;
  /** For a grant implied by ownership: the explicit level it replaced, restored when ownership ends. */
  readonly explicitLevel?: number;
}

/** Everything the privilege repository stores. */
export interface PrivilegeData {
  readonly grants: readonly PrivilegeGrant[];
  /** Set by a repository whose stored form is outdated (e.g. grants without their chat server): the next flush rewrites it. */
  readonly outdated?: boolean;
}
