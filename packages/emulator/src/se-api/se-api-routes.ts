import type { SeData } from './se-data.js';
import type { SeFilters } from './se-filters.js';
import { renderAnswer, renderComment, renderPost, renderQuestion, renderRevision, renderSite, renderUser, type Rendered, type Renderer } from './se-render.js';
import type { EmuQuestion, EmuSite } from './se-world.js';

/** An error in the API's shape. */
export class SeApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorId: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

export const badParameter = (message: string) => new SeApiFailure(400, 400, 'bad_parameter', message);

/** What a method answered before paging and filtering. */
export interface MethodResult {
  type: string;
  items: Rendered[];
  /** Already sorted and paged-ready; false for methods that are not paged (filters/create). */
  paged: boolean;
}

export interface RouteContext {
  data: SeData;
  filters: SeFilters;
  query: URLSearchParams;
  r: Renderer;
  now: number;
  /** Posts younger than this (ms) are not in the API yet (its cache lags). */
  lagMs: number;
}

/** The route templates, in match order: `{ids}` is a `;`-list of integers. */
export const ROUTES: readonly string[] = [
  '/questions', '/questions/{ids}', '/questions/{ids}/answers', '/questions/{ids}/comments', '/answers', '/answers/{ids}', '/comments', '/comments/{ids}',
  '/posts', '/posts/{ids}', '/posts/{ids}/comments', '/posts/{ids}/revisions', '/users', '/users/{ids}', '/search/advanced', '/sites', '/info',
  '/filters/create', '/filters/{filters}',
];

/** The template a path matches and its ids, or undefined. */
export function matchRoute(path: string): { template: string; ids: string[] } | undefined {
  for (const t of ROUTES) {
    const re = new RegExp('^' + t.replace('{ids}', '([0-9;]+)').replace('{filters}', '([^/]+)') + '/?$');
    const m = re.exec(path);
    if (m) return { template: t, ids: m[1] ? m[1].split(';').filter((x) => x.length > 0) : [] };
  }
  return undefined;
}

const SITELESS = new Set(['/sites', '/filters/create', '/filters/{filters}']);

export function runMethod(template: string, ids: string[], c: RouteContext): MethodResult {
  if (template === '/sites') return { type: 'site', items: [...c.data.sites.values()].map((s) => renderSite(s, c.r)), paged: true };
  if (template === '/filters/create') return createFilter(c);
  if (template === '/filters/{filters}') {
    const items = ids.flatMap((name) => {
      const f = c.filters.get(name);
      return f ? [{ filter: f.filter, filter_type: f.unsafe ? 'unsafe' : 'safe', included_fields: c.filters.describe(f) }] : [];
    });
    return { type: 'filter', items, paged: false };
  }
  if (SITELESS.has(template)) throw new Error('unreachable');
  const siteParam = c.query.get('site');
  if (!siteParam) throw badParameter('site is required');
  const site = c.data.site(siteParam);
  if (!site) throw badParameter(`No site found for name \`${siteParam}\``);
  if (ids.length > 100) throw badParameter('ids can contain at most 100 ids');
  const s = site.api_site_parameter;
  const idSet = new Set(ids.map(Number));
  const visible = (q: EmuQuestion) => q.posted_ms === undefined || q.posted_ms <= c.now - c.lagMs;
  const questions = () => c.data.questionsOf(s).filter(visible);
  const answers = () => c.data.answersOf(s);
  switch (template) {
    case '/questions':
      return list('question', filterQuestions(questions(), c.query).map((q) => renderQuestion(c.data, site, q, c.r)), c.query, 'activity');
    case '/questions/{ids}':
      return list('question', questions().filter((q) => idSet.has(q.question_id)).map((q) => renderQuestion(c.data, site, q, c.r)), c.query, 'activity');
    case '/questions/{ids}/answers':
      return list('answer', answers().filter((a) => idSet.has(a.question_id)).map((a) => renderAnswer(c.data, site, a, c.r)), c.query, 'activity');
    case '/questions/{ids}/comments':
    case '/posts/{ids}/comments':
      return list('comment', c.data.commentsOf(s).filter((x) => idSet.has(x.post_id)).map((x) => renderComment(c.data, site, x, c.r)), c.query, 'creation');
    case '/answers':
      return list('answer', byDates(answers(), c.query).map((a) => renderAnswer(c.data, site, a, c.r)), c.query, 'activity');
    case '/answers/{ids}':
      return list('answer', answers().filter((a) => idSet.has(a.answer_id)).map((a) => renderAnswer(c.data, site, a, c.r)), c.query, 'activity');
    case '/comments':
      return list('comment', byDates(c.data.commentsOf(s), c.query).map((x) => renderComment(c.data, site, x, c.r)), c.query, 'creation');
    case '/comments/{ids}':
      return list('comment', c.data.commentsOf(s).filter((x) => idSet.has(x.comment_id)).map((x) => renderComment(c.data, site, x, c.r)), c.query, 'creation');
    case '/posts':
      return list('post', byDates(allPosts(c, site), c.query).map((p) => renderPost(c.data, site, p, c.r)), c.query, 'activity');
    case '/posts/{ids}':
      return list('post', allPosts(c, site).filter((p) => idSet.has(postId(p))).map((p) => renderPost(c.data, site, p, c.r)), c.query, 'activity');
    case '/posts/{ids}/revisions':
      return { type: 'revision', items: allPosts(c, site).filter((p) => idSet.has(postId(p))).map((p) => renderRevision(c.data, site, p, c.r)), paged: true };
    case '/users':
      return list('user', c.data.usersOf(s).map((u) => renderUser(site, u, c.r)), c.query, 'reputation');
    case '/users/{ids}':
      return list('user', c.data.usersOf(s).filter((u) => idSet.has(u.user_id)).map((u) => renderUser(site, u, c.r)), c.query, 'reputation');
    case '/search/advanced':
      return list('question', search(questions(), c.query).map((q) => renderQuestion(c.data, site, q, c.r)), c.query, 'activity');
    case '/info':
      return { type: 'info', items: [info(c, site)], paged: false };
  }
  throw new SeApiFailure(404, 404, 'no_method', `no method found with this name`);
}

function createFilter(c: RouteContext): MethodResult {
  const split = (v: string | null) => (v ? v.split(';').map((x) => x.trim()).filter((x) => x.length > 0) : []);
  const f = c.filters.create(c.query.get('base') ?? 'default', split(c.query.get('include')), split(c.query.get('exclude')), c.query.get('unsafe') === 'true');
  if (!f) throw badParameter('filter: base must be a built-in filter and fields look like type.field or .wrapper_field');
  return { type: 'filter', items: [{ filter: f.filter, filter_type: f.unsafe ? 'unsafe' : 'safe', included_fields: c.filters.describe(f) }], paged: false };
}

const postId = (p: { question_id: number; answer_id?: number }) => p.answer_id ?? p.question_id;

function allPosts(c: RouteContext, site: EmuSite) {
  const s = site.api_site_parameter;
  return [...c.data.questionsOf(s).filter((q) => q.posted_ms === undefined || q.posted_ms <= c.now - c.lagMs), ...c.data.answersOf(s)];
}

function byDates<T extends { creation_date: number }>(items: T[], q: URLSearchParams): T[] {
  const from = q.get('fromdate');
  const to = q.get('todate');
  return items.filter((x) => (from === null || x.creation_date >= Number(from)) && (to === null || x.creation_date <= Number(to)));
}

function filterQuestions(items: EmuQuestion[], q: URLSearchParams): EmuQuestion[] {
  const tagged = q.get('tagged');
  const tags = tagged ? tagged.split(';').filter((t) => t.length > 0) : [];
  return byDates(items, q).filter((x) => tags.every((t) => x.tags.includes(t)));
}

function search(items: EmuQuestion[], q: URLSearchParams): EmuQuestion[] {
  const text = (q.get('q') ?? '').toLowerCase();
  const title = (q.get('title') ?? '').toLowerCase();
  const body = (q.get('body') ?? '').toLowerCase();
  return filterQuestions(items, q).filter(
    (x) => (!text || `${x.title} ${x.body_markdown}`.toLowerCase().includes(text)) && (!title || x.title.toLowerCase().includes(title)) && (!body || x.body_markdown.toLowerCase().includes(body)),
  );
}

/** Sorts (`sort`, `order`), then `min`/`max` on the sort field. */
function list(type: string, items: Rendered[], q: URLSearchParams, defaultSort: string): MethodResult {
  const sort = q.get('sort') ?? defaultSort;
  const field: Record<string, string> = { activity: 'last_activity_date', creation: 'creation_date', votes: 'score', reputation: 'reputation', name: 'display_name' };
  const key = field[sort];
  if (!key) throw badParameter(`sort: ${sort} is not a valid sort`);
  const order = q.get('order') ?? 'desc';
  if (order !== 'desc' && order !== 'asc') throw badParameter('order must be asc or desc');
  const idOf = (x: Rendered) => Number(x.question_id ?? x.answer_id ?? x.comment_id ?? x.post_id ?? x.user_id ?? 0);
  const sorted = [...items].sort((a, b) => {
    const d = (Number(a[key]) || 0) - (Number(b[key]) || 0) || idOf(a) - idOf(b);
    return order === 'asc' ? d : -d;
  });
  const min = q.get('min');
  const max = q.get('max');
  const inRange = sorted.filter((x) => (min === null || Number(x[key]) >= Number(min)) && (max === null || Number(x[key]) <= Number(max)));
  return { type, items: inRange, paged: true };
}

function info(c: RouteContext, site: EmuSite): Rendered {
  const s = site.api_site_parameter;
  return { total_questions: c.data.questionsOf(s).length, total_answers: c.data.answersOf(s).length, total_comments: c.data.commentsOf(s).length, total_users: c.data.usersOf(s).length, api_revision: '2025.1.1 botpy-emulator', quota_max: 0 };
}
