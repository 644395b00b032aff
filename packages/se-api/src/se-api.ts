import { batches } from './method-name.js';
import { Paged } from './paged.js';
import { SeApiClient, type CallOptions } from './se-api-client.js';
import type { Answer, ApiResponse, Comment, FilterSpec, Info, ParamValue, Post, Question, Revision, Site, User } from './types.js';

/** Parameters of the list methods: site, paging, sorting, dates, filter. */
export interface ListParams {
  site?: string;
  /** First page to fetch (default 1). */
  page?: number;
  /** Items per page, at most 100 (default 100). */
  pagesize?: number;
  sort?: string;
  order?: 'asc' | 'desc';
  fromdate?: number | Date;
  todate?: number | Date;
  min?: number | string | Date;
  max?: number | string | Date;
  filter?: string | FilterSpec;
  [param: string]: ParamValue | FilterSpec;
}

/** Parameters of `/questions`. */
export interface QuestionParams extends ListParams {
  /** Questions with ALL of these tags (the API's `tagged`). */
  tagged?: string | readonly string[];
}

/** Parameters of `/search/advanced`. */
export interface SearchParams extends QuestionParams {
  q?: string;
  title?: string;
  body?: string;
  accepted?: boolean;
  answers?: number;
  closed?: boolean;
  user?: number;
}

/**
 * Typed methods for what bots use; every one goes through SeApiClient's backoff, quota and burst
 * handling. Lists are Paged (iterate with `for await`); `…ByIds` methods batch ids 100 per call.
 */
export class SeApi extends SeApiClient {
  questions(params: QuestionParams = {}, o?: CallOptions): Paged<Question> {
    return this.paged<Question>('/questions', params, o);
  }
  questionsByIds(ids: readonly number[], params: ListParams = {}, o?: CallOptions): Paged<Question> {
    return this.byIds<Question>('/questions/{ids}', ids, params, o);
  }
  answersOnQuestions(ids: readonly number[], params: ListParams = {}, o?: CallOptions): Paged<Answer> {
    return this.byIds<Answer>('/questions/{ids}/answers', ids, params, o);
  }
  answers(params: ListParams = {}, o?: CallOptions): Paged<Answer> {
    return this.paged<Answer>('/answers', params, o);
  }
  answersByIds(ids: readonly number[], params: ListParams = {}, o?: CallOptions): Paged<Answer> {
    return this.byIds<Answer>('/answers/{ids}', ids, params, o);
  }
  comments(params: ListParams = {}, o?: CallOptions): Paged<Comment> {
    return this.paged<Comment>('/comments', params, o);
  }
  commentsByIds(ids: readonly number[], params: ListParams = {}, o?: CallOptions): Paged<Comment> {
    return this.byIds<Comment>('/comments/{ids}', ids, params, o);
  }
  commentsOnPosts(ids: readonly number[], params: ListParams = {}, o?: CallOptions): Paged<Comment> {
    return this.byIds<Comment>('/posts/{ids}/comments', ids, params, o);
  }
  posts(params: ListParams = {}, o?: CallOptions): Paged<Post> {
    return this.paged<Post>('/posts', params, o);
  }
  postsByIds(ids: readonly number[], params: ListParams = {}, o?: CallOptions): Paged<Post> {
    return this.byIds<Post>('/posts/{ids}', ids, params, o);
  }
  revisionsByIds(postIds: readonly number[], params: ListParams = {}, o?: CallOptions): Paged<Revision> {
    return this.byIds<Revision>('/posts/{ids}/revisions', postIds, params, o);
  }
  users(params: ListParams = {}, o?: CallOptions): Paged<User> {
    return this.paged<User>('/users', params, o);
  }
  usersByIds(ids: readonly number[], params: ListParams = {}, o?: CallOptions): Paged<User> {
    return this.byIds<User>('/users/{ids}', ids, params, o);
  }
  searchAdvanced(params: SearchParams, o?: CallOptions): Paged<Question> {
    return this.paged<Question>('/search/advanced', params, o);
  }
  /** Every site of the network (`/sites`, no site parameter). */
  sites(params: Omit<ListParams, 'site'> = {}, o?: CallOptions): Paged<Site> {
    return this.paged<Site>('/sites', params, o);
  }
  /** Totals and the API revision of one site. */
  async info(site?: string, o?: CallOptions): Promise<Info> {
    const r: ApiResponse<Info> = await this.get<Info>('/info', site ? { site } : {}, o);
    const info = r.items[0];
    if (!info) throw new Error('/info answered no item');
    return info;
  }

  /**
   * A `{ids}` method over any number of ids: 100 per call, `;`-separated, each batch paged while
   * `has_more`. Duplicate ids are sent once.
   */
  byIds<T>(template: string, ids: readonly (number | string)[], params: ListParams = {}, o?: CallOptions): Paged<T> {
    const unique = [...new Set(ids)];
    const batchPages = (batch: (number | string)[]) => this.paged<T>(template.replace('{ids}', batch.join(';')), params, o).pages();
    return new Paged<T>(async function* () {
      for (const batch of batches(unique, 100)) {
        yield* batchPages(batch);
      }
    });
  }
}
