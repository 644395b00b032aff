import { EMU_SITES, pickTags, prng, questionTitle, userName, type EmuAnswer, type EmuComment, type EmuQuestion, type EmuSeUser, type EmuSite } from './se-world.js';

export interface SeDataOptions {
  /** Seed of the generated posts (default 1). */
  seed?: number;
  /** Generated questions per site (default 150 on stackoverflow, 20 elsewhere). */
  questionsPerSite?: number;
  /** Epoch ms "now" at generation; generated posts are older. */
  now: number;
}

/** A new post as listeners see it. */
export interface PostedQuestion {
  site: EmuSite;
  question: EmuQuestion;
  owner: EmuSeUser;
}

/** The emulated sites' posts, users, answers and comments, generated from a seed; raw (unencoded) text. */
export class SeData {
  readonly sites = new Map<string, EmuSite>(EMU_SITES.map((s) => [s.api_site_parameter, s]));
  private readonly users = new Map<string, Map<number, EmuSeUser>>();
  private readonly questions = new Map<string, Map<number, EmuQuestion>>();
  private readonly answers = new Map<string, Map<number, EmuAnswer>>();
  private readonly comments = new Map<string, Map<number, EmuComment>>();
  private readonly nextPostId = new Map<string, number>();
  private readonly nextCommentId = new Map<string, number>();
  private readonly listeners = new Set<(p: PostedQuestion) => void>();
  private readonly rnd: () => number;

  constructor(o: SeDataOptions) {
    this.rnd = prng(o.seed ?? 1);
    for (const site of this.sites.values()) {
      const s = site.api_site_parameter;
      this.users.set(s, new Map());
      this.questions.set(s, new Map());
      this.answers.set(s, new Map());
      this.comments.set(s, new Map());
      this.nextPostId.set(s, 1000 + site.id * 10);
      this.nextCommentId.set(s, 500);
      const nUsers = 40;
      for (let i = 1; i <= nUsers; i++) {
        this.users.get(s)!.set(i, { user_id: i, display_name: userName(this.rnd, i), reputation: 1 + Math.floor(this.rnd() * 50_000), creation_date: Math.floor(o.now / 1000) - 86400 * (400 + i), location: i % 3 === 0 ? 'Zürich & Bern' : 'Earth' });
      }
      const n = o.questionsPerSite ?? (s === 'stackoverflow' ? 150 : 20);
      const start = Math.floor(o.now / 1000) - 86400 * 7;
      const step = Math.max(1, Math.floor((86400 * 7 - 3600) / Math.max(1, n)));
      for (let i = 0; i < n; i++) {
        const created = start + i * step;
        const q = this.addQuestion(s, { title: questionTitle(this.rnd), tags: pickTags(this.rnd), owner: 1 + Math.floor(this.rnd() * nUsers), creation_date: created, body_markdown: 'I tried `x.sort()` but got <b>nothing</b> & an error.' });
        const answers = Math.floor(this.rnd() * 3);
        for (let k = 0; k < answers; k++) this.addAnswer(s, q.question_id, { owner: 1 + Math.floor(this.rnd() * nUsers), creation_date: created + 60 * (k + 1), body_markdown: `Use \`${q.tags[0]}\` like this & it works.` });
        if (this.rnd() < 0.5) this.addComment(s, q.question_id, { owner: 1 + Math.floor(this.rnd() * nUsers), creation_date: created + 30, body_markdown: 'What have you tried? "x" & "y"?' });
      }
    }
  }

  site(param: string): EmuSite | undefined {
    return this.sites.get(param);
  }

  /** Called for every question posted through postQuestion (the realtime socket listens). */
  onQuestion(fn: (p: PostedQuestion) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  usersOf(site: string): EmuSeUser[] {
    return [...(this.users.get(site)?.values() ?? [])];
  }
  user(site: string, id: number): EmuSeUser | undefined {
    return this.users.get(site)?.get(id);
  }
  questionsOf(site: string): EmuQuestion[] {
    return [...(this.questions.get(site)?.values() ?? [])];
  }
  question(site: string, id: number): EmuQuestion | undefined {
    return this.questions.get(site)?.get(id);
  }
  answersOf(site: string): EmuAnswer[] {
    return [...(this.answers.get(site)?.values() ?? [])];
  }
  answer(site: string, id: number): EmuAnswer | undefined {
    return this.answers.get(site)?.get(id);
  }
  commentsOf(site: string): EmuComment[] {
    return [...(this.comments.get(site)?.values() ?? [])];
  }

  /** Adds a user (or returns the one with that name). */
  ensureUser(site: string, name: string, now: number): EmuSeUser {
    const users = this.requireMap(this.users, site);
    for (const u of users.values()) if (u.display_name === name) return u;
    const id = Math.max(0, ...users.keys()) + 1;
    const u = { user_id: id, display_name: name, reputation: 1, creation_date: Math.floor(now / 1000), location: '' };
    users.set(id, u);
    return u;
  }

  /** Posts a question now: it is in the API at once (minus the cache lag) and on the realtime socket. */
  postQuestion(site: string, q: { title: string; body?: string; tags?: string[]; owner?: number | string }, now: number): EmuQuestion {
    const owner = typeof q.owner === 'string' ? this.ensureUser(site, q.owner, now).user_id : (q.owner ?? 1);
    const tags = (q.tags ?? ['discussion']).map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0);
    const question = this.addQuestion(site, { title: q.title, body_markdown: q.body ?? q.title, tags: tags.length ? tags : ['discussion'], owner, creation_date: Math.floor(now / 1000), posted_ms: now });
    const posted = { site: this.sites.get(site)!, question, owner: this.user(site, owner)! };
    for (const fn of this.listeners) fn(posted);
    return question;
  }

  addQuestion(site: string, q: Omit<EmuQuestion, 'site' | 'question_id' | 'last_activity_date' | 'score'>): EmuQuestion {
    const id = this.nextId(site);
    const full: EmuQuestion = { ...q, site, question_id: id, last_activity_date: q.creation_date, score: 0 };
    this.requireMap(this.questions, site).set(id, full);
    return full;
  }

  addAnswer(site: string, questionId: number, a: { owner: number; creation_date: number; body_markdown: string }): EmuAnswer {
    const q = this.question(site, questionId);
    if (!q) throw new Error(`no question ${questionId} on ${site}`);
    const id = this.nextId(site);
    const full: EmuAnswer = { ...a, site, answer_id: id, question_id: questionId, score: 0, is_accepted: false };
    this.requireMap(this.answers, site).set(id, full);
    q.last_activity_date = Math.max(q.last_activity_date, a.creation_date);
    return full;
  }

  addComment(site: string, postId: number, c: { owner: number; creation_date: number; body_markdown: string }): EmuComment {
    const id = this.nextCommentId.get(site)! + 1;
    this.nextCommentId.set(site, id);
    const full: EmuComment = { ...c, site, comment_id: id, post_id: postId, score: 0 };
    this.requireMap(this.comments, site).set(id, full);
    return full;
  }

  private nextId(site: string): number {
    const id = (this.nextPostId.get(site) ?? 1000) + 1;
    this.nextPostId.set(site, id);
    return id;
  }

  private requireMap<T>(m: Map<string, Map<number, T>>, site: string): Map<number, T> {
    const v = m.get(site);
    if (!v) throw new Error(`no site ${site}`);
    return v;
  }
}
