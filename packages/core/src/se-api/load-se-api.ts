import type { Logger } from 'pino';
import { ConfigError } from '../errors.js';
import type { SeApiOptions } from './se-api-options.js';
import { PostWatch } from './post-watch.js';

/** A place to cache created filters (core's Storage fits). */
interface FilterStoreLike {
  read<T = unknown>(namespace: string, key: string): Promise<T | undefined>;
  write(namespace: string, key: string, value: unknown): Promise<void>;
}

/**
 * Loads `@botpy/se-api` (a dynamic import: a bot without `seApi` never loads it) and builds the API
 * client and the post watch for the `@OnNewPost` handlers.
 */
export async function loadSeApi(o: SeApiOptions, logger: Logger, filterStore?: FilterStoreLike): Promise<PostWatch> {
  const seconds = (v: number | undefined, d: number, what: string) => {
    const s = v ?? d;
    if (typeof s !== 'number' || !(s > 0) || !Number.isFinite(s)) throw new ConfigError(`seApi.${what} must be a positive number of seconds`);
    return s * 1000;
  };
  const pollIntervalMs = seconds(o.pollInterval, 60, 'pollInterval');
  const pollDelayMs = seconds(o.pollDelay, 120, 'pollDelay');
  let mod: typeof import('@botpy/se-api');
  try {
    mod = await import('@botpy/se-api');
  } catch (err) {
    throw new ConfigError(`seApi is configured but @botpy/se-api cannot be loaded (npm install @botpy/se-api): ${(err as Error).message}`);
  }
  const api = new mod.SeApi({
    ...(o.client ?? {}),
    ...(o.key !== undefined ? { key: o.key } : {}),
    ...(o.accessToken !== undefined ? { accessToken: o.accessToken } : {}),
    ...(o.site !== undefined ? { site: o.site } : {}),
    ...(o.origin !== undefined ? { origin: o.origin } : {}),
    ...(o.maxRequestsPerSecond !== undefined ? { maxRequestsPerSecond: o.maxRequestsPerSecond } : {}),
    ...(filterStore ? { filterStore } : {}),
  });
  return new PostWatch({
    api,
    createFeed: (f) => new mod.PostFeed(f),
    feed: { socketUrl: o.socketUrl === undefined ? 'wss://qa.sockets.stackexchange.com/' : o.socketUrl, pollIntervalMs, pollDelayMs },
    logger,
  });
}
