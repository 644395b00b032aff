import { createHash } from 'node:crypto';

/** Fields each type shows under the `default` filter; `withbody` adds `body`. */
const DEFAULT_FIELDS: Record<string, readonly string[]> = {
  question: ['tags', 'owner', 'is_answered', 'view_count', 'answer_count', 'score', 'last_activity_date', 'creation_date', 'question_id', 'content_license', 'link', 'title'],
  answer: ['owner', 'is_accepted', 'score', 'last_activity_date', 'creation_date', 'answer_id', 'question_id', 'content_license'],
  comment: ['owner', 'edited', 'score', 'creation_date', 'post_id', 'comment_id', 'content_license'],
  post: ['owner', 'score', 'last_activity_date', 'creation_date', 'post_type', 'post_id', 'content_license', 'link'],
  user: ['account_id', 'is_employee', 'last_access_date', 'reputation', 'creation_date', 'user_type', 'user_id', 'location', 'link', 'display_name'],
  revision: ['user', 'is_rollback', 'creation_date', 'revision_type', 'revision_guid', 'post_type', 'post_id', 'content_license', 'comment', 'revision_number'],
  site: ['site_type', 'name', 'api_site_parameter', 'site_url', 'audience', 'site_state', 'launch_date'],
  info: ['total_questions', 'total_answers', 'total_comments', 'total_users', 'api_revision', 'quota_max'],
  filter: ['filter', 'filter_type', 'included_fields'],
};
const WITH_BODY = new Set(['question', 'answer', 'comment', 'post', 'revision']);

/** A filter as the emulator keeps it. */
export interface EmuFilter {
  filter: string;
  base: string;
  include: Set<string>;
  exclude: Set<string>;
  unsafe: boolean;
}

const BUILTIN: Record<string, EmuFilter> = Object.fromEntries(
  ['default', 'withbody', 'none', 'total'].map((b) => [b, { filter: b, base: b, include: new Set<string>(), exclude: new Set<string>(), unsafe: false }]),
);

/** The filters of one emulator: built-ins plus created ones (immutable, never expire). */
export class SeFilters {
  private readonly created = new Map<string, EmuFilter>();
  /** `/filters/create` calls (tests check a filter is created once). */
  creations = 0;

  get(name: string | null): EmuFilter | undefined {
    if (name === null || name === '') return BUILTIN.default;
    return BUILTIN[name] ?? this.created.get(name);
  }

  create(base: string, include: string[], exclude: string[], unsafe: boolean): EmuFilter | undefined {
    if (!BUILTIN[base]) return undefined;
    const valid = (f: string) => /^(\.|[a-z_]+\.)[a-z_]+$/.test(f);
    if (![...include, ...exclude].every(valid)) return undefined;
    this.creations++;
    const key = JSON.stringify([base, [...include].sort(), [...exclude].sort(), unsafe]);
    const filter = '!' + createHash('sha256').update(key).digest('base64url').slice(0, 14);
    const f: EmuFilter = { filter, base, include: new Set(include), exclude: new Set(exclude), unsafe };
    this.created.set(filter, f);
    return f;
  }

  /** Whether `type.field` is in the filter. */
  includes(f: EmuFilter, type: string, field: string): boolean {
    const name = `${type}.${field}`;
    if (f.exclude.has(name)) return false;
    if (f.include.has(name)) return true;
    if (f.base === 'none' || f.base === 'total') return false;
    if (field === 'body' && f.base === 'withbody' && WITH_BODY.has(type)) return true;
    return (DEFAULT_FIELDS[type] ?? []).includes(field);
  }

  /** Wrapper fields beyond items/has_more/quota/backoff: `.total`, `.page`, `.page_size`, `.type`. */
  wrapperIncludes(f: EmuFilter, field: string): boolean {
    if (f.exclude.has(`.${field}`)) return false;
    return f.include.has(`.${field}`) || (f.base === 'total' && field === 'total');
  }

  /** Keeps the fields of `item` the filter selects. */
  project(f: EmuFilter, type: string, item: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(item)) if (this.includes(f, type, k)) out[k] = v;
    return out;
  }

  /** The fields a filter includes, as `/filters/create` lists them. */
  describe(f: EmuFilter): string[] {
    const out: string[] = ['.backoff', '.error_id', '.error_message', '.error_name', '.has_more', '.items', '.quota_max', '.quota_remaining'];
    for (const w of ['total', 'page', 'page_size', 'type']) if (this.wrapperIncludes(f, w)) out.push(`.${w}`);
    for (const [type, fields] of Object.entries(DEFAULT_FIELDS)) {
      for (const field of new Set([...fields, 'body', ...[...f.include].filter((i) => i.startsWith(`${type}.`)).map((i) => i.slice(type.length + 1))])) {
        if (this.includes(f, type, field)) out.push(`${type}.${field}`);
      }
    }
    return out;
  }
}
