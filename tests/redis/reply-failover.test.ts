// Reply commands across a failover (issue 17): two instances of one bot on one Redis (lease
// coordinator + Redis storage) and one chat emulator. A (active) posts a report with data and
// stops; B takes over and answers a `tp` reply to A's report with A's data, read from Redis.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, type CommandContext } from '@botpy/core';
import { ChatEmulator } from '@botpy/emulator';
import { createTestBot, type TestBot } from '@botpy/testing';
import { RedisServer } from '../../packages/redis/test/redis-server.js';

@Command({ usage: ['report *'] })
class ReportCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.post(`Possible spam: post ${ctx.args[0]}`, { data: { postId: Number(ctx.args[0]) } });
  }
}

@Command({ usage: ['tp', 'fp'], onReplyTo: true })
class FeedbackCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.reply(`${ctx.usage} for post ${(ctx.repliedTo!.data as { postId: number }).postId}, by ${ctx.app.location}`);
  }
}

const until = async (what: string, ok: () => boolean, timeoutMs = 15_000) => {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('reply commands across a failover (Redis)', () => {
  let redis: RedisServer;
  let chat: ChatEmulator;
  let a: TestBot;
  let b: TestBot;

  beforeAll(async () => {
    redis = await RedisServer.start();
    chat = await ChatEmulator.start({ port: 0, loginPort: 0, policies: { throttle: null } });
    const common = { emulator: chat, commands: [ReportCommand, FeedbackCommand], messages: { startup: null, standby: null, failover: null } };
    a = await createTestBot({ ...common, location: 'A', coordination: { redis: { url: redis.url, priority: 1, lease: 5, renewEvery: 0.5, location: 'A' } } });
    await until('A active', () => !a.app.atStandby);
    b = await createTestBot({ ...common, location: 'B', coordination: { redis: { url: redis.url, priority: 2, lease: 5, renewEvery: 0.5, location: 'B' } } });
    await until('B on standby', () => b.app.atStandby);
  }, 60_000);
  afterAll(async () => {
    await a?.stop().catch(() => undefined);
    await b?.stop().catch(() => undefined);
    await chat?.stop();
    await redis?.stop();
  });

  it('B answers a reply to the report A posted, with A\'s data', async () => {
    const [report] = await a.room(1).say({ id: 2, name: 'Bob' }, '@tes report 77');
    expect(report.text).toBe('Possible spam: post 77');
    expect((await a.room(1).say({ id: 3, name: 'Carol' }, 'tp', { parentId: report.id })).map((r) => r.text)).toEqual(['tp for post 77, by A']);
    const botId = a.app.account!.id;
    await a.app.stop();
    // room presence belongs to the account both instances share: A's graceful stop must not take
    // it out of the room, or B (on the same account) would never hear the reply
    expect(chat.world.presentUsers(1)).toContain(botId);
    await until('B active', () => !b.app.atStandby);
    const replies = await b.room(1).say({ id: 3, name: 'Carol' }, 'fp', { parentId: report.id });
    expect(replies.map((r) => r.text)).toEqual(['fp for post 77, by B']);
  }, 60_000);
});
