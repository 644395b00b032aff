import type { InjectionToken } from 'tsyringe';
import type { SeApi as SeApiClient } from '@botpy/se-api';
import type { PostWatch as PostWatchService } from './post-watch.js';

/** The Stack Exchange API client (`@botpy/se-api`'s SeApi), registered when `bootstrap({ seApi })` is given. */
export type SeApi = SeApiClient;
export const SeApi: InjectionToken<SeApiClient> = Symbol('botpy.SeApi');

/** The `@OnNewPost` handlers' feed: read and change their tags at run time. Registered with `seApi`. */
export type PostWatch = PostWatchService;
export const PostWatch: InjectionToken<PostWatchService> = Symbol('botpy.PostWatch');
