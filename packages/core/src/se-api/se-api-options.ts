/** `bootstrap({ seApi })`: the Stack Exchange API and the post feed for `@OnNewPost` handlers. */
export interface SeApiOptions {
  /** App key (10,000 requests a day instead of 300). Never logged. */
  key?: string;
  /** Access token for authenticated methods (needs `key`). Never logged. */
  accessToken?: string;
  /** Default site of API calls (default `stackoverflow`). */
  site?: string;
  /** API origin (default `https://api.stackexchange.com`; the emulator's in tests). */
  origin?: string;
  /** Realtime socket (default `wss://qa.sockets.stackexchange.com/`); null = polling only. */
  socketUrl?: string | null;
  /** Seconds between polls of the API behind the socket (default 60). */
  pollInterval?: number;
  /** Seconds each poll looks back beyond the last one, for the API's cache lag (default 120). */
  pollDelay?: number;
  /** Request starts per second (default 25; the API bans an IP above 30). */
  maxRequestsPerSecond?: number;
  /** More options of `@botpy/se-api`'s client (see SeApiClientOptions). */
  client?: Record<string, unknown>;
}
