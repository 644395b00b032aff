import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, REPLY_DATA_KEY, REPLY_DATA_NAMESPACE, ReplyDataError, Storage, type CommandContext } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';

// Reply commands end to end: the bot posts messages with data; `tp`/`fp` replies to them find that data, also after a restart.

interface Report {
  postId: number;
  site: string;
}

@Command({ usage: ['report *'] })
class ReportCommand {
  async run(ctx: CommandContext): Promise<void> {
    const postId = Number(ctx.args[0]);
    await ctx.post(`Possible spam: post ${postId}`, { data: { postId, site: 'stackoverflow' } satisfies Report });
  }
}

@Command({ usage: ['badreport'] })
class BadReportCommand {
  async run(ctx: CommandContext): Promise<void> {
    try {
      await ctx.post('never posted', { data: { n: 1n } });
    } catch (err) {
      await ctx.reply(err instanceof ReplyDataError ? `refused: ${err.code}` : 'other error');
    }
  }
}

const feedback: { word: string; report: Report; by: number }[] = [];
@Command({ usage: ['tp', 'fp'], onReplyTo: true, description: 'Feedback on a report.' })
class FeedbackCommand {
  async run(ctx: CommandContext): Promise<void> {
    const report = ctx.repliedTo!.data as Report;
    feedback.push({ word: ctx.usage, report, by: ctx.message.user.id });
    await ctx.reply(`Recorded ${ctx.usage} for post ${report.postId} on ${report.site} (message ${ctx.repliedTo!.id}: "${ctx.repliedTo!.text}").`);
  }
}

@Command({ usage: ['what'], onReplyTo: 'any' })
class WhatCommand {
  async run(ctx: CommandContext): Promise<void> {
    const r = ctx.repliedTo!;
    await ctx.reply(`That was "${r.text}" (${r.data === undefined ? 'no data' : JSON.stringify(r.data)}).`);
  }
}

const texts = (replies: { text: string }[]) => replies.map((r) => r.text.trim());

describe('reply commands end to end', () => {
  let bot: TestBot;
  const bob: TestUser = { id: 2, name: 'Bob' };
  const carol: TestUser = { id: 3, name: 'Carol' };
  const commands = [ReportCommand, BadReportCommand, FeedbackCommand, WhatCommand];

  beforeAll(async () => {
    bot = await createTestBot({ commands, messages: { startup: null } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  const report = async (postId: number) => {
    const [r] = await bot.room(1).say(bob, `@tes report ${postId}`);
    expect(r.text).toBe(`Possible spam: post ${postId}`);
    return r;
  };

  it('a reply `tp` to a message posted with data runs the reply command with that message and its data', async () => {
    const r = await report(101);
    const replies = await bot.room(1).say(carol, 'tp', { parentId: r.id });
    expect(texts(replies)).toEqual([`Recorded tp for post 101 on stackoverflow (message ${r.id}: "Possible spam: post 101").`]);
    expect(feedback.at(-1)).toEqual({ word: 'tp', report: { postId: 101, site: 'stackoverflow' }, by: carol.id });
    // the chat form `:<id> fp` too
    expect(texts(await bot.room(1).say(bob, `:${r.id} fp`))[0]).toMatch(/^Recorded fp for post 101/);
  });

  it('a reply that arrives before the post\'s own answer (the moment chat shows the report) still finds the data', async () => {
    const asked = bot.emulator.world.post(bob.id, 1, '@tes report 111');
    const shown = await bot.emulator.world.waitForMessage((m) => m.userId === bot.app.account!.id && m.text === 'Possible spam: post 111', 5000);
    const replies = await bot.room(1).say(carol, `:${shown.id} tp`);
    expect(texts(replies)).toEqual([`Recorded tp for post 111 on stackoverflow (message ${shown.id}: "Possible spam: post 111").`]);
    void asked;
  });

  it('app.send(room, text, { data }) keeps data too', async () => {
    const [id] = await bot.app.send(1, 'Possible spam: post 202', { data: { postId: 202, site: 'superuser' } });
    expect(texts(await bot.room(1).say(carol, 'fp', { parentId: id }))[0]).toBe(`Recorded fp for post 202 on superuser (message ${id}: "Possible spam: post 202").`);
  });

  it('a reply to a bot message without data: `onReplyTo: true` explains, `onReplyTo: \'any\'` runs without data', async () => {
    const [alive] = await bot.room(1).say(bob, '@tes alive');
    const before = feedback.length;
    expect(texts(await bot.room(1).say(carol, 'tp', { parentId: alive.id }))[0]).toMatch(/^"tp" works on my messages that carry data/);
    expect(feedback.length).toBe(before);
    expect(texts(await bot.room(1).say(carol, 'what', { parentId: alive.id }))[0]).toMatch(/^That was "Yes, TestBot is alive.*" \(no data\)\.$/);
    const r = await report(303);
    expect(texts(await bot.room(1).say(carol, 'what', { parentId: r.id }))[0]).toBe('That was "Possible spam: post 303" ({"postId":303,"site":"stackoverflow"}).');
  });

  it('a reply command sent without a reply (or as a reply to someone else) says how to use it', async () => {
    expect(texts(await bot.room(1).say(carol, '@tes tp'))[0]).toBe('"tp" works as a reply to one of my messages: reply to it (":<message id> tp").');
    const [other] = [bot.emulator.world.post(bob.id, 1, 'a message of Bob')];
    expect(texts(await bot.room(1).say(carol, '@tes fp', { parentId: other.id }))[0]).toMatch(/^"fp" works as a reply to one of my messages/);
  });

  it('help marks reply commands and shows their reply usage', async () => {
    const list = texts(await bot.room(1).say(carol, '@tes help'))[0];
    expect(list).toContain('tp (or fp) (as a reply to one of my messages that carries data (a report)) — Feedback on a report.');
    expect(list).toContain('what (as a reply to one of my messages)');
    expect(list).toMatch(/report <[^>]+>(?! \(as a reply)/);
    const detail = texts(await bot.room(1).say(carol, '@tes help tp'))[0];
    expect(detail).toContain('usage: :<message id> tp');
    expect(detail).toContain('   or: :<message id> fp');
    expect(detail).toContain('  as a reply to one of my messages that carries data (a report)');
    expect(texts(await bot.room(1).say(carol, '@tes help report'))[0]).toMatch(/usage: @TestBot report /);
  });

  it('data that is not JSON is refused before anything is posted', async () => {
    const count = bot.room(1).transcript().length;
    expect(texts(await bot.room(1).say(bob, '@tes badreport'))).toEqual(['refused: REPLY_DATA_INVALID']);
    expect(bot.room(1).transcript().length).toBe(count + 2);
    expect(bot.room(1).transcript().some((m) => m.text === 'never posted')).toBe(false);
  });

  it('after a restart on the same storage, a reply to an earlier report still finds its data', async () => {
    const r = await report(404);
    // kept in the app's storage, keyed by message id
    const doc = await bot.app.container.resolve(Storage).read<{ messages: Record<string, { data: unknown }> }>(REPLY_DATA_NAMESPACE, REPLY_DATA_KEY);
    expect(doc?.messages[String(r.id)]?.data).toEqual({ postId: 404, site: 'stackoverflow' });
    await bot.restart();
    expect(texts(await bot.room(1).say(carol, 'tp', { parentId: r.id }))[0]).toBe(`Recorded tp for post 404 on stackoverflow (message ${r.id}: "Possible spam: post 404").`);
  });

  it('kept data is bounded: with replyData.keep = 2, the third-newest report has none', async () => {
    await bot.restart({ replyData: { keep: 2 } });
    const a = await report(501);
    const b = await report(502);
    const c = await report(503);
    expect(texts(await bot.room(1).say(carol, 'tp', { parentId: a.id }))[0]).toMatch(/has none \(or it is too old/);
    expect(texts(await bot.room(1).say(carol, 'tp', { parentId: b.id }))[0]).toMatch(/post 502/);
    expect(texts(await bot.room(1).say(carol, 'tp', { parentId: c.id }))[0]).toMatch(/post 503/);
    // and in storage too: a restart does not bring it back
    await bot.restart({ replyData: { keep: 2 } });
    expect(texts(await bot.room(1).say(carol, 'tp', { parentId: a.id }))[0]).toMatch(/has none/);
    expect(texts(await bot.room(1).say(carol, 'fp', { parentId: c.id }))[0]).toMatch(/post 503/);
  });
});
