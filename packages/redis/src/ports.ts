// Structural copies of @botpy/core's ports (storage/storage.ts, coordination/coordinator.ts). This
// package never imports core (core loads it by dynamic import when configured), so it restates the
// shapes it implements; core's type checker verifies at the assignment that they still match.

/** Which instance of a bot acts: `active` answers and posts, `standby` watches. */
export type CoordinatorRole = 'starting' | 'standby' | 'active';

/** The coordination port (see core's `Coordinator`). */
export interface CoordinatorPort {
  readonly kind: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly role: CoordinatorRole;
  readonly location: string | null;
  onRoleChange(fn: (role: CoordinatorRole, previous: CoordinatorRole) => void): () => void;
  mayAct(): boolean;
  dataChanged(name?: string): void;
  on?(event: 'error' | 'down' | 'back' | 'event', fn: (...args: unknown[]) => void): () => void;
}

/** The storage port (see core's `Storage`). */
export interface StoragePort {
  readonly location: string;
  read<T = unknown>(namespace: string, key: string): Promise<T | undefined>;
  write(namespace: string, key: string, value: unknown): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  update<T = unknown>(namespace: string, key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  keys(namespace: string): Promise<string[]>;
  watch?(namespace: string, fn: (key: string) => void): () => void;
  files?(): Promise<string[]>;
  close?(): Promise<void>;
}

/** The logger this package writes to: pino's shape (`(obj, msg)`), so the app's logger fits as it is. */
export interface RedisLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything (the default when none is given). */
export const silentLogger: RedisLogger = { debug() {}, info() {}, warn() {}, error() {} };
