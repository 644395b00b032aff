/** Which instance of a bot acts: `active` answers and posts, `standby` watches. */
export type CoordinatorRole = 'starting' | 'standby' | 'active';

/**
 * The coordination port: decides whether this instance is the active one.
 *
 * Implementations: the solo coordinator (always active, the default), Redunda's (`@botpy/redunda`),
 * and Redis's lease with a fencing token (`@botpy/redis`). The application drives standby and
 * failover from `onRoleChange` alone; it never asks which kind it has. Registered under the
 * `Coordinator` token.
 */
export interface Coordinator {
  /** `'solo'`, `'redunda'`, `'redis'`, … for logs and `/health`. */
  readonly kind: string;
  /** Starts coordinating; resolves once the first role is known (bounded). */
  start(): Promise<void>;
  /** Steps down and releases what it holds (a lease, a ping loop). Bounded; never rejects. */
  stop(): Promise<void>;
  readonly role: CoordinatorRole;
  /** A human-readable name of this instance's location (Redunda's location, a host name), or null. */
  readonly location: string | null;
  /** Called on every role change. Returns an unsubscribe function. */
  onRoleChange(fn: (role: CoordinatorRole, previous: CoordinatorRole) => void): () => void;
  /**
   * Fencing: true only while this instance may act as the active one right now. The send path asks
   * before every write, so an instance that was paused or cut off past its lease never posts as a
   * second active one. Solo: always true.
   */
  mayAct(): boolean;
  /**
   * True when other instances may use the same chat account (Redunda, Redis). Room presence belongs
   * to the account, so a graceful stop then does not leave the rooms: the instance taking over would
   * stop receiving their messages. Absent or false (solo): a stop leaves the rooms.
   */
  readonly sharesAccount?: boolean;
  /** A store's data changed here (Redunda then uploads it; shared stores ignore it). */
  dataChanged(name?: string): void;
  /** Optional: events of the coordination service (Redunda's `redunda-event`, errors, outages) for handlers and logs. */
  on?(event: 'error' | 'down' | 'back' | 'event', fn: (...args: unknown[]) => void): () => void;
}
