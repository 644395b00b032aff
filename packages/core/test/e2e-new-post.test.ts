import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bootstrap, ConfigError, createLogger, inject, injectable, OnNewPost, PostWatch, SeApi, type NewPost } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

@injectable()
class Watcher {
  constructor(@inject(SeApi) readonly api: SeApi) {}

  @OnNewPost({ site: 'superuser', tags: ['bash'] })
  async onPost(post: NewPost): Promise<string[]> {
    const [q] = await this.api.questionsByIds([post.id], { site: post.site }).toArray();
    return [`new on ${post.site}: ${post.titleText} (${post.id}) score ${q?.score ?? '?'}`];
  }
}

describe('@OnNewPost handlers', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ handlers: [Watcher], seEmulator: { questionsPerSite: 10 }, messages: { startup: null } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('get new posts of their site and tags; the returned reports go to the rooms; the handler can use the SeApi token', async () => {
    const { question, reports } = await bot.postQuestion({ site: 'superuser', title: 'sed & awk', tags: ['bash'] });
    expect(reports.map((r) => r.text)).toEqual([`new on superuser: sed & awk (${question.question_id}) score 0`]);
    const elsewhere = await bot.postQuestion({ site: 'stackoverflow', title: 'not watched', tags: ['bash'] }, { quietMs: 1500 });
    expect(elsewhere.reports).toEqual([]);
  });

  it('run only while the instance is active', async () => {
    const watch = () => bot.app.container.resolve(PostWatch);
    await bot.app.standby();
    const end = Date.now() + 3000;
    while (watch().current && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    expect(watch().current).toBeNull();
    const during = await bot.postQuestion({ site: 'superuser', title: 'while on standby', tags: ['bash'] }, { quietMs: 1500 });
    expect(during.reports).toEqual([]);
    await bot.app.failover();
    while (!watch().current && Date.now() < end + 3000) await new Promise((r) => setTimeout(r, 25));
    await watch().current!.ready();
    const after = await bot.postQuestion({ site: 'superuser', title: 'after failover', tags: ['bash'] });
    expect(after.reports).toHaveLength(1);
  });

  it('without the seApi option, bootstrap refuses a handler with @OnNewPost, saying what to configure', async () => {
    const err = await bootstrap({ name: 'NoApiBot', rooms: [1], email: 'a@b.c', password: 'p', handlers: [Watcher], logger: createLogger({ level: 'silent' }), env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe('Watcher has @OnNewPost methods: configure bootstrap({ seApi: { key } }) to watch posts');
  });
});

// A bot without the seApi option must not load @botpy/se-api (core imports it dynamically).
describe('@botpy/se-api is loaded only when configured', () => {
  it('a bot without seApi starts and stops without loading it', async () => {
    const fixtures = fileURLToPath(new URL('./fixtures/lazy-load/', import.meta.url));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-lazy-se-'));
    const log = path.join(dir, 'resolved.log');
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', path.join(fixtures, 'register.mjs'), path.join(fixtures, 'bot.child.mjs'), path.join(dir, 'data'), 'without-redunda'], {
        env: { ...process.env, BOTPY_RESOLVE_LOG: log },
        timeout: 30_000,
      });
      expect(stdout).toContain('done');
      const urls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
      expect(urls.some((u) => u.includes('/packages/core/'))).toBe(true);
      expect(urls.filter((u) => /\/packages\/se-api\/|\/node_modules\/@botpy\/se-api\//.test(u))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
