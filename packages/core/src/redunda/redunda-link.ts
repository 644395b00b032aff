/** The part of `@botpy/redunda`'s RedundaService that core uses (registered under the `RedundaService` token). */
export interface RedundaLink {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly role: 'starting' | 'standby' | 'active';
  readonly location: string | null;
  markDirty(name?: string): void;
  syncNow(): Promise<void>;
  on(event: 'active' | 'standby' | 'error' | 'down' | 'back' | 'redunda-event', fn: (...args: any[]) => void): this;
  off(event: 'active' | 'standby' | 'error' | 'down' | 'back' | 'redunda-event', fn: (...args: any[]) => void): this;
}
