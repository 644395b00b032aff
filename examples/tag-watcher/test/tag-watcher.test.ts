import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { tagWatcherBot } from '../src/bot.js';

describe('examples/tag-watcher on the chat and SE API emulators', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ ...tagWatcherBot, seEmulator: { questionsPerSite: 40 } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('reports a new question in the watched tag, once, with its decoded title and link', async () => {
    const { question, reports } = await bot.postQuestion({ title: 'Why does "keyof" & <T> fail?', tags: ['typescript', 'generics'], owner: 'Zoë' });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toBe(`[tag:typescript] [tag:generics] New question: [Why does "keyof" & <T> fail?](https://stackoverflow.com/questions/${question.question_id}/why-does-keyof-t-fail) by Zoë`);
    await new Promise((r) => setTimeout(r, 1500)); // the poll sees it too: still one report
    expect(bot.room(1).transcript().filter((m) => m.text.includes(String(question.question_id)))).toHaveLength(1);
  });

  it('ignores questions in other tags, and a question the socket missed is found by polling', async () => {
    const other = await bot.postQuestion({ title: 'A Java question', tags: ['java'] }, { quietMs: 2500 });
    expect(other.reports).toEqual([]);
    bot.se!.faults.socketSkipNext = 1;
    const missed = await bot.postQuestion({ title: 'Missed by the socket', tags: ['typescript'] }, { timeoutMs: 8000 });
    expect(missed.reports).toHaveLength(1);
  });

  it('changes the tags at run time with the tags command', async () => {
    const alice = { id: 1, name: 'Alice Owner' };
    expect((await bot.room(1).say(alice, '@TagWatcher tags'))[0]!.text).toContain('Watching [tag:typescript]');
    expect((await bot.room(1).say(alice, '@TagWatcher tags rust go'))[0]!.text).toContain('Watching [tag:rust] [tag:go]');
    const rust = await bot.postQuestion({ title: 'Borrow checker says no', tags: ['rust'] });
    expect(rust.reports[0]!.text).toContain('[tag:rust] New question: [Borrow checker says no]');
    const ts = await bot.postQuestion({ title: 'No longer watched', tags: ['typescript'] }, { quietMs: 2500 });
    expect(ts.reports).toEqual([]);
  });

  it('reports a question posted through the browser page of the emulator', async () => {
    const res = await fetch(`${bot.emulator.origin}/emulator/api/se/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: 'stackoverflow', title: 'Posted from the browser page', tags: 'go', userId: 1 }),
    });
    expect(res.status).toBe(200);
    const { questionId } = (await res.json()) as { questionId: number };
    const end = Date.now() + 10_000;
    while (Date.now() < end && !bot.room(1).transcript().some((m) => m.text.includes(String(questionId)))) await new Promise((r) => setTimeout(r, 25));
    const report = bot.room(1).transcript().find((m) => m.text.includes(String(questionId)));
    expect(report?.text).toBe(`[tag:go] New question: [Posted from the browser page](https://stackoverflow.com/questions/${questionId}/posted-from-the-browser-page) by Alice Owner`);
  });
});
