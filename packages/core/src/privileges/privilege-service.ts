import { ConfigError, PrivilegeError, PrivilegeSaveError } from '../errors.js';
import type { PrivilegeData, PrivilegeGrant, PrivilegeLevel } from './privilege-level.js';
import type { PrivilegeRepository } from './privilege-repository.js';

/** A person as the privilege rules see them: identity is the numeric id, the name is for display. */
export interface PrivilegeSubject {
  readonly id: number;
  readonly name: string;
}

/**
 * The privilege rules. Levels are per room and 0 until granted. Changes are transactional: one at a
 * time, saved first, and in force in memory only once the save succeeded (a failed save rejects
 * with PrivilegeSaveError and changes nothing). When an acting user (`by`) is given, escalation is refused: nobody changes their
 * own level, grants above their own level, or changes someone whose level is above their own.
 * Without `by` the application itself acts and only the level must exist.
 */
export class PrivilegeService {
  private readonly levelList: PrivilegeLevel[] = [];
  private grants = new Map<string, PrivilegeGrant>();
  private readonly listeners = new Set<() => void>();
  private loaded = false;
  /** True while the stored form differs from the grants in force (only after loading an outdated form). */
  private dirty = false;
  /** Changes run one after another, each on the state the previous one left. */
  private changes: Promise<unknown> = Promise.resolve();

  constructor(private readonly repository: PrivilegeRepository, private readonly clock: () => number = Date.now) {}

  /** Defines a level. Levels are positive integers with unique numbers and names. */
  addLevel(level: number, name: string): void {
    if (!Number.isInteger(level) || level <= 0) throw new ConfigError(`privilege level must be a positive integer, got ${level}`);
    if (typeof name !== 'string' || name.trim() === '' || /\s/.test(name.trim())) {
      throw new ConfigError(`privilege level name must be one word, got ${JSON.stringify(name)}`);
    }
    const clash = this.levelList.find((l) => l.level === level || l.name.toLowerCase() === name.toLowerCase());
    if (clash) throw new ConfigError(`privilege level ${level} "${name}" clashes with ${clash.level} "${clash.name}"`);
    this.levelList.push({ level, name: name.trim() });
    this.levelList.sort((a, b) => a.level - b.level);
  }

  /** The defined levels, lowest first. */
  get levels(): readonly PrivilegeLevel[] {
    return this.levelList;
  }

  /** The highest defined level, or 0 when none is defined. */
  get topLevel(): number {
    return this.levelList.length === 0 ? 0 : this.levelList[this.levelList.length - 1].level;
  }

  /** The name of a level ("none" for 0, "level N" for an undefined one). */
  levelName(level: number): string {
    if (level === 0) return 'none';
    return this.levelList.find((l) => l.level === level)?.name ?? `level ${level}`;
  }

  /** Resolves a level given as a number or a (case-insensitive) name; undefined when not defined. */
  findLevel(levelOrName: number | string): PrivilegeLevel | undefined {
    if (typeof levelOrName === 'number') return this.levelList.find((l) => l.level === levelOrName);
    const asNumber = /^\d+$/.test(levelOrName) ? Number(levelOrName) : NaN;
    return this.levelList.find((l) => l.name.toLowerCase() === levelOrName.toLowerCase() || l.level === asNumber);
  }

  /** Reads the stored grants; throws (e.g. PrivilegeFileError) when they are unusable. */
  load(): Promise<void> {
    return this.serial(async () => {
      const data = await this.repository.load();
      this.grants = new Map(data.grants.map((g) => [key(g.roomId, g.userId), g]));
      this.loaded = true;
      this.dirty = data.outdated === true;
    });
  }

  /** Writes the grants (also done after every change). */
  save(): Promise<void> {
    return this.serial(async () => {
      if (!this.loaded) return;
      await this.repository.save(this.snapshot());
      this.dirty = false;
    });
  }

  /**
   * Writes the grants only when the stored form is behind (every change is saved as it is made, so
   * normally there is nothing to do): what stop, standby and housekeeping call.
   */
  flush(): Promise<void> {
    return this.dirty ? this.save() : Promise.resolve();
  }

  /** Where the grants are stored. */
  get location(): string {
    return this.repository.location;
  }

  /** Called after every persisted change (e.g. to tell Redunda the file is dirty). Returns an unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The user's level in the room (0 until granted). */
  levelOf(roomId: number, userId: number): number {
    return this.grants.get(key(roomId, userId))?.level ?? 0;
  }

  /** The grants, optionally for one room, highest level first. */
  list(roomId?: number): PrivilegeGrant[] {
    return sorted([...this.grants.values()].filter((g) => roomId === undefined || g.roomId === roomId));
  }

  /** Grants `user` the level in the room and saves. See the class comment for the rules when `by` acts. */
  grant(roomId: number, user: PrivilegeSubject, levelOrName: number | string, by?: { id: number }): Promise<PrivilegeGrant> {
    return this.change((grants) => {
      this.assertLoaded();
      const level = this.findLevel(levelOrName);
      if (!level) {
        const known = this.levelList.map((l) => `${l.level} ${l.name}`).join(', ') || 'none defined';
        throw new PrivilegeError(`unknown privilege level "${levelOrName}" (levels: ${known})`);
      }
      if (by) {
        this.assertMayChange(roomId, user.id, by.id);
        const own = this.levelOf(roomId, by.id);
        if (level.level > own) throw new PrivilegeError(`you cannot grant ${level.name} (${level.level}): it is above your own level (${own})`);
      }
      const grant: PrivilegeGrant = {
        roomId, userId: user.id, userName: user.name, level: level.level, grantedBy: by ? by.id : null, grantedAt: this.clock(),
      };
      grants.set(key(roomId, user.id), grant);
      return { result: grant, changed: true };
    });
  }

  /**
   * Grants the level as implied by room ownership (`roomOwnersMax`): marked `viaOwnership`, it is
   * withdrawn by `dropOwnershipGrant` when the person stops owning the room; an explicit lower
   * grant it replaces is remembered and comes back then.
   */
  grantViaOwnership(roomId: number, user: PrivilegeSubject, level: number): Promise<PrivilegeGrant> {
    return this.change((grants) => {
      this.assertLoaded();
      const previous = grants.get(key(roomId, user.id));
      const explicit = previous && !previous.viaOwnership ? previous.level : previous?.explicitLevel;
      const grant: PrivilegeGrant = {
        roomId, userId: user.id, userName: user.name, level, grantedBy: null, grantedAt: this.clock(), viaOwnership: true,
        ...(explicit !== undefined ? { explicitLevel: explicit } : {}),
      };
      grants.set(key(roomId, user.id), grant);
      return { result: grant, changed: true };
    });
  }

  /** Ends a grant implied by ownership: the explicit level it replaced comes back, else the grant goes. False when there was none. */
  dropOwnershipGrant(roomId: number, userId: number): Promise<boolean> {
    return this.change((grants) => {
      const g = grants.get(key(roomId, userId));
      if (!g?.viaOwnership) return { result: false, changed: false };
      if (g.explicitLevel !== undefined && this.levelList.some((l) => l.level === g.explicitLevel)) {
        grants.set(key(roomId, userId), { roomId, userId, userName: g.userName, level: g.explicitLevel, grantedBy: null, grantedAt: g.grantedAt });
      } else grants.delete(key(roomId, userId));
      return { result: true, changed: true };
    });
  }

  /**
   * Removes a privilege level (BotpySE's `remove_privilege_type`). Its holders lose it: their grants
   * at that level are deleted (and saved), so they have no privileges until granted another level;
   * commands that need the level now need the next defined one up (or the top level). Returns the
   * number of grants removed. Rejects for an unknown level.
   */
  async removeLevel(levelOrName: number | string): Promise<number> {
    const level = this.findLevel(levelOrName);
    if (!level) throw new PrivilegeError(`unknown privilege level "${levelOrName}"`);
    const removed = await this.change((grants) => {
      let n = 0;
      for (const [k, g] of grants) {
        if (g.level === level.level) {
          grants.delete(k);
          n++;
        } else if (g.explicitLevel === level.level) {
          const { explicitLevel: _gone, ...rest } = g;
          grants.set(k, rest);
        }
      }
      return { result: n, changed: this.loaded };
    });
    const i = this.levelList.indexOf(level);
    if (i >= 0) this.levelList.splice(i, 1);
    return removed;
  }

  /** Removes the user's grant in the room and saves; false when there was none. */
  revoke(roomId: number, userId: number, by?: { id: number }): Promise<boolean> {
    return this.change((grants) => {
      this.assertLoaded();
      if (by) this.assertMayChange(roomId, userId, by.id);
      const removed = grants.delete(key(roomId, userId));
      return { result: removed, changed: removed };
    });
  }

  /**
   * Runs one change after the previous ones, on a copy of the grants; saves the copy and only then
   * makes it the state in force. A failed save rejects with PrivilegeSaveError; nothing changed.
   */
  private change<R>(fn: (grants: Map<string, PrivilegeGrant>) => { result: R; changed: boolean }): Promise<R> {
    const run = async (): Promise<R> => {
      const next = new Map(this.grants);
      const { result, changed } = fn(next);
      if (!changed) return result;
      try {
        await this.repository.save({ grants: sorted(next.values()) });
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new PrivilegeSaveError(reason, { cause: err });
      }
      this.grants = next;
      this.dirty = false;
      for (const listener of this.listeners) listener();
      return result;
    };
    return this.serial(run);
  }

  private serial<R>(fn: () => Promise<R>): Promise<R> {
    const p = this.changes.catch(() => undefined).then(fn);
    this.changes = p;
    return p;
  }

  private assertMayChange(roomId: number, targetId: number, byId: number): void {
    if (targetId === byId) throw new PrivilegeError('you cannot change your own privileges');
    const own = this.levelOf(roomId, byId);
    const theirs = this.levelOf(roomId, targetId);
    if (theirs > own) throw new PrivilegeError(`you cannot change the privileges of a user above your own level (${own})`);
  }

  private assertLoaded(): void {
    if (!this.loaded) throw new PrivilegeError('privileges are not loaded yet (start the application first)');
  }

  private snapshot(): PrivilegeData {
    return { grants: this.list() };
  }
}

function sorted(grants: Iterable<PrivilegeGrant>): PrivilegeGrant[] {
  return [...grants].sort((a, b) => b.level - a.level || a.roomId - b.roomId || a.userId - b.userId);
}

function key(roomId: number, userId: number): string {
  return `${roomId}:${userId}`;
}
