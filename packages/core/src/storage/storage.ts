/**
 * The storage port: named JSON documents, grouped in namespaces, written atomically.
 *
 * One `Storage` instance belongs to one app and is already scoped to it (bot name + chat server):
 * implementations put that scope into their file paths or keys, so two bots, or one bot on two chat
 * servers, never read each other's documents. Registered under the `Storage` token.
 *
 * Implementations: the JSON-file store (default, one folder per app), `@botpy/redis`'s RedisStorage.
 */
export interface Storage {
  /** Where the data lives, for messages (a folder, `redis://host:port/prefix`); never a secret. */
  readonly location: string;
  /** Reads one document; `undefined` when it does not exist. Rejects with a `StorageError` when it is unreadable. */
  read<T = unknown>(namespace: string, key: string): Promise<T | undefined>;
  /** Replaces one document atomically; resolves only once the write is durable (never before). */
  write(namespace: string, key: string, value: unknown): Promise<void>;
  /** Removes one document; resolves also when it did not exist. */
  delete(namespace: string, key: string): Promise<void>;
  /**
   * Atomic read-modify-write of one document: `fn` receives the current value (`undefined` when
   * absent) and returns the new one (`undefined` deletes). Concurrent updates, also from other
   * instances sharing the store, are never lost (implementations retry or lock). Resolves with the
   * value written; rejects (and changes nothing) when `fn` throws or the write fails.
   */
  update<T = unknown>(namespace: string, key: string, fn: (current: T | undefined) => T | undefined): Promise<T | undefined>;
  /** The keys of a namespace. */
  keys(namespace: string): Promise<string[]>;
  /**
   * Optional: calls `fn` when another instance changed a document of the namespace (shared stores
   * such as Redis). Returns an unsubscribe function.
   */
  watch?(namespace: string, fn: (key: string) => void): () => void;
  /**
   * Optional: prepares the store before first use (creates and secures the folder, takes the
   * one-instance lock, connects). Called by `start()`; bounded; rejects with a clear error (e.g.
   * `StorageLockedError` when another live instance holds the store).
   */
  open?(): Promise<void>;
  /**
   * Optional: declares a document ahead of use, so `files()` names it before it exists (a fresh
   * standby instance then downloads it). Users of the store call it when they are built.
   */
  declare?(namespace: string, key: string): void;
  /** Optional: names of the files that hold the data, for coordinators that copy files (Redunda's sync). */
  files?(): Promise<string[]>;
  /** Releases what the store holds (connections, locks). Bounded. */
  close?(): Promise<void>;
}
