import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SeApiEmulator } from '@botpy/emulator';
import { ApiError, SeApi, ThrottleViolationError, type FilterStore } from '@botpy/se-api';

let emu: SeApiEmulator;
beforeAll(async () => {
  emu = await SeApiEmulator.start({ questionsPerSite: 1000 });
});
afterAll(async () => {
  await emu.stop();
});

describe('SeApi on the emulator', () => {
  it('pages through 1,000 questions, each once, in order', async () => {
    const api = new SeApi({ origin: emu.origin, key: 'k3y' });
    const seen: number[] = [];
    let pages = 0;
    for await (const page of api.questions({ sort: 'creation', order: 'asc' }).pages()) {
      pages++;
      seen.push(...page.items.map((q) => q.question_id));
    }
    expect(pages).toBe(10);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(api.quotaState.max).toBe(10_000);
    expect(api.quotaState.remaining).toBe(10_000 - 10);
  });

  it('batches ids 100 a call, `;`-separated, and decodes entities into text twins', async () => {
    const api = new SeApi({ origin: emu.origin, key: 'k3y' });
    const ids = emu.data.questionsOf('stackoverflow').slice(0, 250).map((q) => q.question_id);
    const before = emu.stats.byMethod['/questions/{ids}'] ?? 0;
    const got = await api.questionsByIds(ids).toArray();
    expect(got.map((q) => q.question_id).sort()).toEqual([...ids].sort());
    expect((emu.stats.byMethod['/questions/{ids}'] ?? 0) - before).toBe(3);
    const posted = emu.postQuestion({ title: 'Why is "a" & <b> != \'c\'?', tags: ['javascript'], owner: 'Zoë & Co' });
    const [q] = await api.questionsByIds([posted.question_id]).toArray();
    expect(q!.title).toBe('Why is &quot;a&quot; &amp; &lt;b&gt; != &#39;c&#39;?');
    expect(q!.title_text).toBe('Why is "a" & <b> != \'c\'?');
    expect(q!.owner!.display_name_text).toBe('Zoë & Co');
  });

  it('creates a filter once (cached in the store) and uses it; unsafe twins are plain copies', async () => {
    const docs = new Map<string, unknown>();
    const store: FilterStore = {
      read: async <T>(ns: string, key: string) => docs.get(`${ns}/${key}`) as T | undefined,
      write: async (ns, key, value) => void docs.set(`${ns}/${key}`, value),
    };
    const spec = { include: ['question.body_markdown', '.total'], base: 'default' };
    const api = new SeApi({ origin: emu.origin, key: 'k3y', filterStore: store });
    const before = emu.filters.creations;
    const r1 = await api.get<{ body_markdown: string }>('/questions', { filter: spec, pagesize: 2 });
    const r2 = await api.get<{ body_markdown: string }>('/questions', { filter: spec, pagesize: 2 });
    expect(emu.filters.creations - before).toBe(1);
    expect(typeof r1.total).toBe('number');
    expect(r2.items[0]!.body_markdown).toContain('&amp;');
    expect(docs.size).toBe(1);
    // a new client with the same store does not create it again
    const api2 = new SeApi({ origin: emu.origin, key: 'k3y', filterStore: store });
    await api2.get('/questions', { filter: { base: 'default', include: ['.total', 'question.body_markdown'] }, pagesize: 1 });
    expect(emu.filters.creations - before).toBe(1);
    const unsafe = await api.get<{ title: string; title_text: string }>('/questions', { filter: { unsafe: true }, pagesize: 5 });
    for (const q of unsafe.items) expect(q.title_text).toBe(q.title);
  });

  it('types the API error shape, and reaches sites, info, users, answers, comments, posts, revisions, search', async () => {
    const api = new SeApi({ origin: emu.origin, key: 'k3y' });
    const err = await api.get('/questions', { pagesize: 101 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ error_id: 400, error_name: 'bad_parameter', code: 'API_ERROR', status: 400 });
    const sites = await api.sites().toArray();
    expect(sites.map((s) => s.api_site_parameter)).toContain('superuser');
    expect((await api.info('superuser')).total_questions).toBe(1000);
    const users = await api.usersByIds([1, 2, 3]).toArray();
    expect(users).toHaveLength(3);
    expect(users[0]!.display_name_text).toBeDefined();
    const qs = emu.data.questionsOf('stackoverflow').slice(0, 30).map((q) => q.question_id);
    const answers = await api.answersOnQuestions(qs).toArray();
    expect(answers.length).toBeGreaterThan(0);
    expect((await api.answersByIds([answers[0]!.answer_id]).toArray())[0]!.question_id).toBe(answers[0]!.question_id);
    const posts = await api.postsByIds([qs[0]!, answers[0]!.answer_id]).toArray();
    expect(posts.map((p) => p.post_type).sort()).toEqual(['answer', 'question']);
    const revisions = await api.revisionsByIds([qs[0]!]).toArray();
    expect(revisions[0]!.post_id).toBe(qs[0]);
    expect((await api.comments({ pagesize: 5 }).first()).items.length).toBe(5);
    const found = await api.searchAdvanced({ title: 'parse', pagesize: 10 }).first();
    expect(found.items.length).toBeGreaterThan(0);
    expect(found.items.every((q) => q.title_text.toLowerCase().includes('parse'))).toBe(true);
    expect(await api.answers({ pagesize: 3 }).toArray(3)).toHaveLength(3);
  });

  it('a banned IP gets a ThrottleViolationError with the wait, and the client pauses', async () => {
    const api = new SeApi({ origin: emu.origin, key: 'k3y' });
    emu.banIp(1);
    const err = await api.get('/info').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThrottleViolationError);
    expect((err as ThrottleViolationError).retryAfterMs).toBe(1000);
    const t = Date.now();
    await api.get('/info');
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
    emu.violations.length = 0;
  });
});
