import type { TransportHealth } from '../transport/chat-transport.js';

/** Lifecycle states. */
export type AppState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped';

/** What an ops health endpoint needs. */
export interface AppHealth {
  readonly state: AppState;
  readonly role: 'active' | 'standby';
  readonly socketState: 'open' | 'connecting' | 'polling' | 'closed';
  /** Milliseconds since the last frame from the chat server, or null when none arrived yet. */
  readonly lastFrameAgeMs: number | null;
  readonly sendBacklog: number;
  readonly counters: {
    readonly commandsRun: number;
    readonly errors: number;
    readonly timeouts: number;
    readonly reconnects: number;
    readonly messagesHandled: number;
    /** Messages the chat server accepted (0 when the transport does not count). */
    readonly messagesSent: number;
    /** Throttle answers (409) met by writes. */
    readonly throttled: number;
    /** Messages merged into another post while throttled. */
    readonly coalesced: number;
  };
}

/** Builds the health record from the application's parts. */
export function buildAppHealth(
  state: AppState,
  standby: boolean,
  t: TransportHealth,
  runs: { readonly runs: number; readonly errors: number; readonly timeouts: number },
  messagesHandled: number,
): AppHealth {
  return {
    state,
    role: standby ? 'standby' : 'active',
    socketState: t.socketState,
    lastFrameAgeMs: t.lastFrameAt === null ? null : Math.max(0, Date.now() - t.lastFrameAt),
    sendBacklog: t.sendBacklog,
    counters: {
      commandsRun: runs.runs, errors: runs.errors, timeouts: runs.timeouts, reconnects: t.reconnects, messagesHandled,
      messagesSent: t.messagesSent ?? 0, throttled: t.throttled ?? 0, coalesced: t.coalesced ?? 0,
    },
  };
}
