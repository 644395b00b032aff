import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { reportBot } from '../src/bot.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** examples/report-bot on the chat and SE API emulators: reports with data, tp/fp replies, typed `ignore`, a cron summary. */
describe('examples/report-bot on the emulators', () => {
  let bot: TestBot;
  const alice = { id: 1, name: 'Alice Owner' }; // owner of room 1 in the demo world
  let bob: { id: number; name: string };
  const carol = { id: 3, name: 'Carol' }; // in the demo world
  beforeAll(async () => {
    bot = await createTestBot({ ...reportBot(), messages: { startup: null }, seEmulator: { questionsPerSite: 20 } });
    bob = bot.user({ name: 'Bob Builder' });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('reports a spammy question, once, and not a clean one', async () => {
    const { question, reports } = await bot.postQuestion({ title: 'Call +1 (800) 555-0199 for QuickBooks support', tags: ['quickbooks'], owner: 'spammer' });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toBe(
      `[ ReportBot ] phone number in title ("+1 (800) 555-0199"): [Call +1 (800) 555-0199 for QuickBooks support](https://stackoverflow.com/questions/${question.question_id}/call-1-800-555-0199-for-quickbooks-support) by spammer`,
    );
    const clean = await bot.postQuestion({ title: 'How do I narrow a union type?', tags: ['typescript'] }, { quietMs: 2500 });
    expect(clean.reports).toEqual([]);
  });

  it('takes tp and fp as replies to a report; explains itself when not sent as a reply', async () => {
    const { question, reports } = await bot.postQuestion({ title: 'Buy cheap pills online', tags: ['health'] });
    const report = reports[0]!;
    const room = bot.room(1);
    expect((await room.say(bob, `:${report.id} tp`)).map((m) => m.text)).toEqual([`Recorded tp on post ${question.question_id} (tp 1, fp 0).`]);
    expect((await room.say(carol, `:${report.id} fp`)).map((m) => m.text)).toEqual([`Recorded fp on post ${question.question_id} (tp 1, fp 1).`]);
    // Carol changes her mind: one vote per person
    expect((await room.say(carol, `:${report.id} tp`)).map((m) => m.text)).toEqual([`Recorded tp on post ${question.question_id} (tp 2, fp 0).`]);
    const [lost] = await room.say(bob, '@ReportBot tp');
    expect(lost!.text).toMatch(/works as a reply to one of my messages/);
    // a reply to a bot message without data (e.g. this explanation) is not feedback
    const [noData] = await room.say(bob, `:${lost!.id} fp`);
    expect(noData!.text).toMatch(/carry data/);
  });

  it('a report can still be answered after the bot restarted (its data is in storage)', async () => {
    const { question, reports } = await bot.postQuestion({ title: 'Best price on discount watches', tags: ['watches'] });
    await bot.restart({ messages: { startup: null } });
    const replies = await bot.room(1).say(bob, `:${reports[0]!.id} tp`);
    expect(replies.map((m) => m.text)).toEqual([`Recorded tp on post ${question.question_id} (tp 1, fp 0).`]);
  });

  it('ignore <user:user> <duration>: typed arguments, their errors, and the effect', async () => {
    const room = bot.room(1);
    // Bob must be known in the room to be named: he has talked above
    expect((await room.say(bob, '@ReportBot ignore @carol 2h')).map((m) => m.text)[0]).toMatch(/^You need the trusted \(1\) privilege/);
    expect((await room.say(alice, '@ReportBot ignore @bobbuilder 2h')).map((m) => m.text)).toEqual(['Ignoring feedback from Bob Builder for 2 h.']);
    expect((await room.say(alice, '@ReportBot ignore @bob soon')).map((m) => m.text)[0]).toMatch(/^for: "soon" is not a duration[^]*usage: @ReportBot ignore <user> <for>/);
    expect((await room.say(alice, '@ReportBot ignore @nobodyhere 1h')).map((m) => m.text)[0]).toMatch(/^user: nobody called "nobodyhere"/);
    expect((await room.say(alice, '@ReportBot ignore @bob 90d')).map((m) => m.text)[0]).toMatch(/^for: .*(more|longer) than/);
    const { reports } = await bot.postQuestion({ title: 'Free download of cracked software', tags: ['windows'] });
    const [ignored] = await room.say(bob, `:${reports[0]!.id} tp`);
    expect(ignored!.text).toMatch(/^Your feedback is ignored until \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
    expect((await room.say(carol, `:${reports[0]!.id} fp`)).map((m) => m.text)).toEqual([expect.stringMatching(/^Recorded fp on post \d+ \(tp 0, fp 1\)\.$/)]);
  });
});

describe('examples/report-bot: the summary on a cron schedule', () => {
  let bot: TestBot;
  afterAll(async () => {
    await bot?.stop();
  });

  it('posts the reports since the previous summary with their verdicts, at the time its cron pattern names', async () => {
    // once a minute, at a second ~15 s from now (instead of weekdays at 09:00): time to make two reports and a verdict first
    const at = new Date(Date.now() + 15_000);
    bot = await createTestBot({ ...reportBot({ summaryCron: `${at.getUTCSeconds()} * * * * *` }), messages: { startup: null }, seEmulator: { questionsPerSite: 5 } });
    const summaries = () => bot.room(1).transcript().filter((m) => m.userId === bot.app.account!.id && m.text.startsWith('Summary:'));
    const spam = await bot.postQuestion({ title: 'Cheap flights helpline number', tags: ['travel'] });
    await bot.postQuestion({ title: 'Buy followers now', tags: ['social'] });
    await bot.room(1).say(bot.user({ name: 'Dave' }), `:${spam.reports[0]!.id} tp`);
    expect(summaries()).toEqual([]); // not before its time
    const next = bot.app.tasks.get('summary')?.nextRunAt ?? undefined;
    expect(next === undefined ? undefined : new Date(next).getUTCSeconds()).toBe(at.getUTCSeconds());
    const deadline = at.getTime() + 10_000;
    while (summaries().length === 0 && Date.now() < deadline) await sleep(50);
    expect(summaries().map((m) => m.text)).toEqual(['Summary: 2 reports since the last summary: 1 spam, 0 not spam, 1 without a verdict.']);
  }, 60_000);
});
