import type { Logger } from 'pino';
import type { FeedSubscription, NewPost, PostFeed, PostFeedOptions, SeApi } from '@botpy/se-api';
import { ConfigError } from '../errors.js';
import type { DependencyContainer } from 'tsyringe';
import { ErrorLog } from '../reporting/error-log.js';
import { getNewPostHandlers } from '../decorators/on-new-post.decorator.js';

/** What the watch needs of the application (its public surface only). */
export interface PostWatchApp {
  readonly state: string;
  readonly atStandby: boolean;
  readonly rooms: readonly number[];
  send(roomId: number, text: string): Promise<number[]>;
  whenStopped(): Promise<void>;
  /** The app's container: a handler's failure is recorded in its ErrorLog (`errorlogs`) when there is one. */
  readonly container?: DependencyContainer;
}

interface Binding {
  readonly instance: object;
  readonly name: string;
  readonly method: (post: NewPost) => unknown;
  readonly site: string;
  tags: readonly string[] | undefined;
  readonly type: 'question' | 'answer';
  readonly rooms: readonly number[] | undefined;
}

export interface PostWatchDeps {
  api: SeApi;
  /** Creates the feed (`new PostFeed(o)` of the dynamically loaded `@botpy/se-api`). */
  createFeed: (o: PostFeedOptions) => PostFeed;
  feed: Omit<PostFeedOptions, 'api' | 'subscriptions' | 'onError' | 'since'>;
  logger: Logger;
  /** How often the app's state is checked to start or stop the feed (default 250 ms). */
  followMs?: number;
}

/**
 * Runs the `@OnNewPost` handlers: one post feed for all of them (the union of their sites and tags),
 * each post given to every handler it matches, a returned report posted through the app's send
 * path. The feed runs only while the app is running and active. Registered under the `PostWatch`
 * token, so a command can change a handler's tags at run time.
 */
export class PostWatch {
  private readonly bindings: Binding[] = [];
  private feed: PostFeed | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  /** Posts handled and reports sent, for health and tests. */
  readonly stats = { posts: 0, reports: 0, errors: 0 };

  constructor(private readonly d: PostWatchDeps) {}

  /** Adds the `@OnNewPost` methods of a handler instance. */
  add(instance: object): void {
    for (const rec of getNewPostHandlers(instance.constructor)) {
      const fn = (instance as Record<string | symbol, unknown>)[rec.method];
      const name = `${instance.constructor.name}.${String(rec.method)}`;
      if (typeof fn !== 'function') throw new ConfigError(`${name} is not a method`);
      if (typeof rec.site !== 'string' || rec.site.length === 0) throw new ConfigError(`@OnNewPost on ${name} needs a site, e.g. { site: 'stackoverflow' }`);
      const type = rec.type ?? 'question';
      if (type !== 'question' && type !== 'answer') throw new ConfigError(`@OnNewPost on ${name}: type must be 'question' or 'answer'`);
      this.bindings.push({ instance, name, method: fn as Binding['method'], site: rec.site, tags: rec.tags ? [...rec.tags] : undefined, type, rooms: rec.rooms });
    }
  }

  /** The API client the feed polls with (also registered under the `SeApi` token). */
  get api(): SeApi {
    return this.d.api;
  }

  get handlerCount(): number {
    return this.bindings.length;
  }

  /** The current subscription of every handler. */
  subscriptions(): { handler: string; site: string; tags: readonly string[] | undefined; type: 'question' | 'answer' }[] {
    return this.bindings.map((b) => ({ handler: b.name, site: b.site, tags: b.tags, type: b.type }));
  }

  /** The tags a handler class (or instance) watches now. */
  tags(handler: object | (abstract new (...a: any[]) => object)): readonly string[] | undefined {
    return this.of(handler)[0]?.tags;
  }

  /** Changes the tags of a handler's `@OnNewPost` methods (undefined or [] = every post of the site). Takes effect at once. */
  setTags(handler: object | (abstract new (...a: any[]) => object), tags: readonly string[] | undefined): void {
    const found = this.of(handler);
    if (found.length === 0) throw new ConfigError(`${typeof handler === 'function' ? handler.name : handler.constructor.name} has no @OnNewPost handler registered`);
    const clean = tags?.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0);
    for (const b of found) b.tags = clean && clean.length > 0 ? clean : undefined;
    this.feed?.setSubscriptions(this.union());
  }

  /** Follows the app: the feed runs while it is running and active, and ends with it. */
  attach(app: PostWatchApp): void {
    if (this.bindings.length === 0 || this.timer) return;
    const follow = () => {
      const wanted = app.state === 'running' && !app.atStandby;
      if (wanted && !this.feed) this.open(app);
      else if (!wanted && this.feed) void this.closeFeed();
    };
    this.timer = setInterval(follow, this.d.followMs ?? 250);
    this.timer.unref();
    void app.whenStopped().then(() => this.close());
  }

  /** The running feed (null while the app is not active), for tests. */
  get current(): PostFeed | null {
    return this.feed;
  }

  /**
   * Resolves true once a feed is running and knows where "new" starts (posts created from then on
   * are reported), false if that has not happened within `timeoutMs` (the app is on standby, or
   * stopped, or the API does not answer).
   */
  async ready(timeoutMs = 15_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const feed = this.feed;
      if (feed && (await feed.ready(Math.max(0, end - Date.now()))) && this.feed === feed) return true;
      if (Date.now() >= end) return false;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.closeFeed();
    this.d.api.close();
  }

  private of(handler: object | (abstract new (...a: any[]) => object)): Binding[] {
    return this.bindings.filter((b) => (typeof handler === 'function' ? b.instance instanceof handler : b.instance === handler));
  }

  private union(): FeedSubscription[] {
    return this.bindings.map((b) => ({ site: b.site, type: b.type, ...(b.tags ? { tags: b.tags } : {}) }));
  }

  private open(app: PostWatchApp): void {
    const feed = this.d.createFeed({
      ...this.d.feed,
      api: this.d.api,
      subscriptions: this.union(),
      onError: (err, where) => this.d.logger.warn({ err, where }, 'post feed: a poll or the realtime socket failed (it retries)'),
    });
    this.feed = feed;
    feed.onPost((post) => this.dispatch(app, post));
    feed.start();
    this.d.logger.info({ subscriptions: this.subscriptions() }, 'post feed started');
  }

  private async closeFeed(): Promise<void> {
    const feed = this.feed;
    this.feed = null;
    if (!feed) return;
    await feed.close();
    await Promise.allSettled([...this.inFlight]);
  }

  private dispatch(app: PostWatchApp, post: NewPost): void {
    for (const b of this.bindings) {
      if (b.site !== post.site || b.type !== post.type) continue;
      if (b.tags && !b.tags.some((t) => post.tags.includes(t))) continue;
      this.stats.posts++;
      const p = (async () => {
        try {
          const out = await b.method.call(b.instance, post);
          const reports = (Array.isArray(out) ? out : [out]).filter((r): r is string => typeof r === 'string' && r.length > 0);
          for (const text of reports) {
            for (const room of b.rooms ?? app.rooms) {
              await app.send(room, text);
              this.stats.reports++;
            }
          }
        } catch (err) {
          this.stats.errors++;
          this.d.logger.error({ err, handler: b.name, site: post.site, postId: post.id }, 'post handler failed');
          if (app.container?.isRegistered(ErrorLog, true)) app.container.resolve(ErrorLog).record('handler', b.name, err);
        }
      })();
      this.inFlight.add(p);
      void p.finally(() => this.inFlight.delete(p));
    }
  }
}
