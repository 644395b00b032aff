/** `@Command({ cooldown })`: how often a command may run. */
export interface CooldownOptions {
  /** Seconds after a run before the next one may start. */
  readonly seconds: number;
  /** Whose runs count: each user's own (default, in every room), the room's, or everybody's. */
  readonly per?: 'user' | 'room' | 'global';
}
