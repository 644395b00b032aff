import type { SeData } from './se-data.js';
import type { EmuAnswer, EmuComment, EmuQuestion, EmuSeUser, EmuSite } from './se-world.js';

/** HTML-encodes text as the API does under a safe filter. */
export function encodeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Renders raw text fields: encoded (safe filter) or as stored (unsafe). */
export interface Renderer {
  txt(s: string): string;
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);

/** A question's link, as the API and the realtime socket give it: `https://<host>/questions/<id>/<slug>`. */
export function questionLink(site: EmuSite, q: EmuQuestion): string {
  return `https://${site.host}/questions/${q.question_id}/${slug(q.title)}`;
}

/** A type's every field, the way the API names them; a filter then picks. */
export type Rendered = Record<string, unknown>;

export function renderShallowUser(site: EmuSite, u: EmuSeUser | undefined, r: Renderer): Rendered {
  if (!u) return { user_type: 'does_not_exist', display_name: 'deleted user' };
  return { account_id: 10_000 + u.user_id, reputation: u.reputation, user_id: u.user_id, user_type: 'registered', display_name: r.txt(u.display_name), link: `https://${site.host}/users/${u.user_id}` };
}

export function renderUser(site: EmuSite, u: EmuSeUser, r: Renderer): Rendered {
  return { ...renderShallowUser(site, u, r), creation_date: u.creation_date, location: r.txt(u.location), is_employee: false, last_access_date: u.creation_date };
}

export function renderQuestion(data: SeData, site: EmuSite, q: EmuQuestion, r: Renderer): Rendered {
  const answers = data.answersOf(site.api_site_parameter).filter((a) => a.question_id === q.question_id);
  return {
    tags: q.tags, owner: renderShallowUser(site, data.user(site.api_site_parameter, q.owner), r), is_answered: answers.some((a) => a.score > 0 || a.is_accepted),
    view_count: 10 + (q.question_id % 97), answer_count: answers.length, score: q.score, last_activity_date: q.last_activity_date, creation_date: q.creation_date,
    question_id: q.question_id, content_license: 'CC BY-SA 4.0', link: questionLink(site, q), title: r.txt(q.title),
    body: `<p>${encodeHtml(q.body_markdown)}</p>\n`, body_markdown: r.txt(q.body_markdown),
  };
}

export function renderAnswer(data: SeData, site: EmuSite, a: EmuAnswer, r: Renderer): Rendered {
  const q = data.question(site.api_site_parameter, a.question_id);
  return {
    owner: renderShallowUser(site, data.user(site.api_site_parameter, a.owner), r), is_accepted: a.is_accepted, score: a.score, last_activity_date: a.creation_date,
    creation_date: a.creation_date, answer_id: a.answer_id, question_id: a.question_id, content_license: 'CC BY-SA 4.0',
    title: r.txt(q?.title ?? ''), tags: q?.tags ?? [], link: `https://${site.host}/a/${a.answer_id}`, body: `<p>${encodeHtml(a.body_markdown)}</p>\n`, body_markdown: r.txt(a.body_markdown),
  };
}

export function renderComment(data: SeData, site: EmuSite, c: EmuComment, r: Renderer): Rendered {
  return {
    owner: renderShallowUser(site, data.user(site.api_site_parameter, c.owner), r), edited: false, score: c.score, creation_date: c.creation_date, post_id: c.post_id,
    comment_id: c.comment_id, content_license: 'CC BY-SA 4.0', body: encodeHtml(c.body_markdown), body_markdown: r.txt(c.body_markdown), link: `https://${site.host}/posts/comments/${c.comment_id}`,
  };
}

export function renderPost(data: SeData, site: EmuSite, p: EmuQuestion | EmuAnswer, r: Renderer): Rendered {
  const isQ = 'title' in p;
  const base = isQ ? renderQuestion(data, site, p, r) : renderAnswer(data, site, p, r);
  return {
    owner: base.owner, score: base.score, last_activity_date: base.last_activity_date, creation_date: base.creation_date, post_type: isQ ? 'question' : 'answer',
    post_id: isQ ? p.question_id : (p as EmuAnswer).answer_id, content_license: 'CC BY-SA 4.0', link: base.link, title: base.title, body: base.body, body_markdown: base.body_markdown,
  };
}

export function renderRevision(data: SeData, site: EmuSite, p: EmuQuestion | EmuAnswer, r: Renderer): Rendered {
  const isQ = 'title' in p;
  const postId = isQ ? p.question_id : (p as EmuAnswer).answer_id;
  return {
    user: renderShallowUser(site, data.user(site.api_site_parameter, p.owner), r), is_rollback: false, creation_date: p.creation_date, revision_type: 'single_user',
    revision_guid: `${postId.toString(16).padStart(8, '0')}-0000-4000-8000-000000000001`.toUpperCase(), post_type: isQ ? 'question' : 'answer', post_id: postId,
    content_license: 'CC BY-SA 4.0', revision_number: 1, ...(isQ ? { title: r.txt(p.title), tags: p.tags } : {}), body: `<p>${encodeHtml(p.body_markdown)}</p>\n`, comment: '',
  };
}

export function renderSite(site: EmuSite, r: Renderer): Rendered {
  return { site_type: 'main_site', name: r.txt(site.name), api_site_parameter: site.api_site_parameter, site_url: `https://${site.host}`, audience: r.txt('people who ask & answer'), site_state: 'normal', launch_date: 1217462400 };
}
