import { decodeEntities } from './text-twins.js';

/** One new question (or answer) on a site, from the realtime socket or the polling fallback. */
export interface NewPost {
  /** API site parameter, e.g. `stackoverflow`. */
  readonly site: string;
  readonly type: 'question' | 'answer';
  /** The post's id (the answer's id for an answer). */
  readonly id: number;
  /** The question's id (equal to `id` for a question). */
  readonly questionId: number;
  /** Title, HTML-encoded as the API sends it. */
  readonly title: string;
  /** Title with entities decoded: what a chat report shows. */
  readonly titleText: string;
  readonly tags: readonly string[];
  readonly link: string;
  readonly ownerName?: string;
  /** Unix seconds, when known (the socket does not send it). */
  readonly creationDate?: number;
  /** Where the feed first saw it. */
  readonly source: 'socket' | 'poll';
  /** Epoch ms when the feed delivered it. */
  readonly seenAt: number;
}

/** What a realtime `155-questions-active` frame's `data` holds (a JSON string in the frame). */
export interface RealtimeQuestion {
  siteBaseHostAddress?: string;
  apiSiteParameter?: string;
  id: number;
  titleEncodedFancy?: string;
  bodySummary?: string;
  tags?: string[];
  lastActivityDate?: number;
  url?: string;
  ownerUrl?: string;
  ownerDisplayName?: string;
}

/** A site parameter from a realtime frame: `apiSiteParameter`, else the host without `.com`. */
export function siteOfFrame(q: RealtimeQuestion): string | undefined {
  if (q.apiSiteParameter) return q.apiSiteParameter;
  const host = q.siteBaseHostAddress;
  if (!host) return undefined;
  return host.replace(/\.stackexchange\.com$/, '').replace(/\.com$/, '');
}

export function postFromFrame(q: RealtimeQuestion, site: string, now: number): NewPost {
  const title = q.titleEncodedFancy ?? '';
  return {
    site, type: 'question', id: q.id, questionId: q.id, title, titleText: decodeEntities(title), tags: q.tags ?? [],
    link: q.url ?? '', ...(q.ownerDisplayName !== undefined ? { ownerName: decodeEntities(q.ownerDisplayName) } : {}), source: 'socket', seenAt: now,
  };
}
