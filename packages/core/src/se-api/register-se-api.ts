import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.js';
import { getNewPostHandlers } from '../decorators/on-new-post.decorator.js';
import { Storage } from '../tokens.js';
import { loadSeApi } from './load-se-api.js';
import type { PostWatch as PostWatchService } from './post-watch.js';
import { PostWatch, SeApi } from './se-api-tokens.js';
import type { SeApiOptions } from './se-api-options.js';

/**
 * With `seApi` configured: loads `@botpy/se-api` and registers the client (`SeApi`) and the post
 * watch (`PostWatch`) in the app's container, before handlers are resolved (they may inject them).
 * The environment's BOTPY_SE_API_ORIGIN and BOTPY_SE_SOCKET_URL override the origin and socket URL.
 */
export async function registerSeApi(
  c: DependencyContainer,
  o: { seApi?: SeApiOptions; handlers?: (new (...a: any[]) => object)[]; env?: Record<string, string | undefined> },
  logger: Logger,
): Promise<PostWatchService | null> {
  const withPosts = (o.handlers ?? []).filter((h) => getNewPostHandlers(h).length > 0);
  if (!o.seApi) {
    if (withPosts.length > 0) throw new ConfigError(`${withPosts.map((h) => h.name).join(', ')} ha${withPosts.length > 1 ? 've' : 's'} @OnNewPost methods: configure bootstrap({ seApi: { key } }) to watch posts`);
    return null;
  }
  // `botpy dev` points the API and the realtime socket at its SE API emulator
  const env = o.env ?? process.env;
  const seApi: SeApiOptions = {
    ...o.seApi,
    ...(env.BOTPY_SE_API_ORIGIN ? { origin: env.BOTPY_SE_API_ORIGIN, pollInterval: o.seApi.pollInterval ?? 2 } : {}),
    ...(env.BOTPY_SE_SOCKET_URL ? { socketUrl: env.BOTPY_SE_SOCKET_URL } : {}),
  };
  const store = c.isRegistered(Storage, true) ? c.resolve(Storage) : undefined;
  const watch = await loadSeApi(seApi, logger, store);
  c.registerInstance(SeApi, watch.api);
  c.registerInstance(PostWatch, watch);
  return watch;
}
