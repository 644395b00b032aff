/** The wrapper every API answer comes in (api.stackexchange.com/docs/wrapper). */
export interface ApiResponse<T> {
  items: T[];
  has_more: boolean;
  quota_max: number;
  quota_remaining: number;
  /** Seconds to wait before calling the same method again. */
  backoff?: number;
  /** Only with a filter that includes `.total`. */
  total?: number;
  page?: number;
  page_size?: number;
  type?: string;
}

/** Query parameters; arrays are joined with `;`, dates become Unix seconds, booleans `true`/`false`. */
export type ParamValue = string | number | boolean | Date | readonly (string | number)[] | undefined | null;
export type Params = Record<string, ParamValue>;

/** A filter to create (once) with `/filters/create`, or a filter string / built-in name. */
export interface FilterSpec {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Base filter (default `default`). */
  base?: 'default' | 'withbody' | 'none' | 'total' | string;
  /** Unsafe filters return text unencoded. */
  unsafe?: boolean;
}

/** Fields that every "text twin" adds: `<field>_text` is `<field>` with HTML entities decoded. */
export interface ShallowUser {
  user_id?: number;
  display_name?: string;
  display_name_text?: string;
  reputation?: number;
  user_type?: string;
  link?: string;
  [key: string]: unknown;
}

export interface Question {
  question_id: number;
  title: string;
  /** `title` with HTML entities decoded. */
  title_text: string;
  tags: string[];
  owner?: ShallowUser;
  creation_date: number;
  last_activity_date?: number;
  score?: number;
  answer_count?: number;
  is_answered?: boolean;
  link?: string;
  body?: string;
  body_markdown?: string;
  body_markdown_text?: string;
  [key: string]: unknown;
}

export interface Answer {
  answer_id: number;
  question_id: number;
  owner?: ShallowUser;
  creation_date: number;
  score?: number;
  is_accepted?: boolean;
  body?: string;
  body_markdown?: string;
  body_markdown_text?: string;
  title?: string;
  title_text?: string;
  link?: string;
  [key: string]: unknown;
}

export interface Comment {
  comment_id: number;
  post_id: number;
  owner?: ShallowUser;
  creation_date: number;
  score?: number;
  body?: string;
  body_markdown?: string;
  body_markdown_text?: string;
  [key: string]: unknown;
}

export interface Post {
  post_id: number;
  post_type: 'question' | 'answer' | string;
  owner?: ShallowUser;
  creation_date: number;
  score?: number;
  title?: string;
  title_text?: string;
  body?: string;
  link?: string;
  [key: string]: unknown;
}

export interface User {
  user_id: number;
  display_name: string;
  display_name_text: string;
  reputation: number;
  creation_date: number;
  user_type?: string;
  location?: string;
  location_text?: string;
  link?: string;
  [key: string]: unknown;
}

export interface Revision {
  revision_guid: string;
  post_id: number;
  revision_number?: number;
  revision_type?: string;
  post_type?: string;
  creation_date: number;
  user?: ShallowUser;
  title?: string;
  title_text?: string;
  body?: string;
  comment?: string;
  [key: string]: unknown;
}

export interface Site {
  api_site_parameter: string;
  name: string;
  name_text: string;
  site_url: string;
  site_type?: string;
  [key: string]: unknown;
}

export interface Info {
  total_questions: number;
  total_answers: number;
  total_comments?: number;
  total_users?: number;
  api_revision?: string;
  [key: string]: unknown;
}

export interface Filter {
  filter: string;
  filter_type: 'safe' | 'unsafe' | 'invalid';
  included_fields?: string[];
}
