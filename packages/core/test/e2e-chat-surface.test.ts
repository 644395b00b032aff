import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BackgroundTask, ChatActionError, Command, type CommandContext } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

const until = async (what: string, cond: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const refusal = (err: unknown): string => {
  if (err instanceof ChatActionError) return `refused ${err.code}`;
  throw err;
};

/** Commands that use every action of the context; each answers what happened (or chat's refusal code). */
@Command({ usage: ['say then fix *', 'say then delete', 'star *', 'unstar *', 'pin *', 'unpin *', 'cancel stars *', 'move * to *', 'details *', 'whois *', 'room', 'last *'] })
class SurfaceCommand {
  async run(ctx: CommandContext): Promise<void> {
    const [a, b] = ctx.args;
    try {
      switch (ctx.usageIndex) {
        case 0: {
          const id = await ctx.post('draft');
          await ctx.edit(id, a!);
          return;
        }
        case 1: {
          const id = await ctx.post('short-lived');
          await ctx.delete(id);
          await ctx.reply(`deleted; last own message is ${ctx.lastOwnMessage()?.id === id ? 'the deleted one' : 'another one'}`);
          return;
        }
        case 2:
        case 3:
          await ctx.star(Number(a), ctx.usageIndex === 2);
          await ctx.reply('done');
          return;
        case 4:
        case 5:
          await ctx.pin(Number(a), ctx.usageIndex === 4);
          await ctx.reply('done');
          return;
        case 6:
          await ctx.cancelStars(Number(a));
          await ctx.reply('done');
          return;
        case 7:
          await ctx.reply(`moved ${await ctx.move([Number(a)], Number(b))}`);
          return;
        case 8: {
          const d = await ctx.messageDetails(Number(a));
          await ctx.reply(`by ${d.owner?.name}, ${d.stars} stars, starred by me: ${d.starredByMe}, pinned: ${d.pinned}, edits: ${d.edits}, deleted: ${d.deleted}`);
          return;
        }
        case 9: {
          const u = await ctx.user(Number(a));
          await ctx.reply(`${u.name}: rep ${u.reputation}, moderator ${u.isModerator}, owner ${u.isOwner}, about "${u.about}"`);
          return;
        }
        case 10: {
          const r = await ctx.room();
          await ctx.reply(`${r.name}: owners ${r.owners?.map((o) => o.name).join('+')}, site ${r.parentSite}, ${r.currentUsers?.length} here`);
          return;
        }
        case 11: {
          const h = await ctx.history(Number(a));
          await ctx.reply(`history: ${h.map((m) => m.text).join(' | ')}`);
          return;
        }
      }
    } catch (err) {
      await ctx.reply(refusal(err));
    }
  }
}

let ticks = 0;
@BackgroundTask({ interval: 0.02, name: 'ticker' })
class Ticker {
  run(): void {
    ticks++;
  }
}

describe('the chat surface of commands and the application (e2e)', () => {
  let bot: TestBot;
  const bob = { id: 2, name: 'Bob' };
  let botId: number;
  beforeAll(async () => {
    bot = await createTestBot({
      commands: [SurfaceCommand], tasks: [Ticker], messages: { startup: null },
      privileges: [{ level: 1, name: 'regular' }, { level: 2, name: 'admin' }], roomOwnersMax: true,
    });
    botId = bot.app.account!.id;
    bot.emulator.world.addRoom({ id: 2, name: 'Archive', owners: [1] });
  });
  afterAll(async () => {
    await bot?.stop();
  });
  // the last message the bot posted in answer (chat refuses identical consecutive texts: the bot then adds a space)
  const say = async (text: string, who = bob): Promise<string> => (await bot.room(1).say(who, text)).at(-1)?.text.trim() ?? '';

  it('ctx.edit edits the bot\'s own message; ctx.delete deletes it and own-message tracking sees it', async () => {
    await bot.room(1).say(bob, '@TestBot say then fix corrected', { quietMs: 200 });
    const own = bot.room(1).transcript().filter((m) => m.userId === botId);
    expect(own[own.length - 1]).toMatchObject({ text: 'corrected', edits: 1 });
    expect(await say('@TestBot say then delete')).toBe('deleted; last own message is another one');
  });

  it('ctx.star / ctx.messageDetails: a set value; pin, cancel stars and move refused until the bot owns the room', async () => {
    const m = bot.emulator.world.post(3, 1, 'worth a star');
    expect(await say(`@TestBot star ${m.id}`)).toBe('done');
    expect(await say(`@TestBot star ${m.id}`)).toBe('done');
    expect(bot.emulator.world.message(m.id)?.stars).toBe(1);
    expect(await say(`@TestBot details ${m.id}`)).toBe('by Carol, 1 stars, starred by me: true, pinned: false, edits: 0, deleted: false');
    expect(await say(`@TestBot unstar ${m.id}`)).toBe('done');
    expect(bot.emulator.world.message(m.id)?.stars).toBe(0);
    expect(await say(`@TestBot pin ${m.id}`)).toBe('refused NOT_PERMITTED');
    expect(await say(`@TestBot cancel stars ${m.id}`)).toBe('refused NOT_PERMITTED');
    expect(await say(`@TestBot move ${m.id} to 2`)).toBe('refused NOT_PERMITTED');
    bot.emulator.world.setOwner(1, botId, true);
    try {
      expect(await say(`@TestBot pin ${m.id}`)).toBe('done');
      expect(bot.emulator.world.message(m.id)?.pinned).toBe(true);
      expect(await say(`@TestBot unpin ${m.id}`)).toBe('done');
      expect(bot.emulator.world.message(m.id)?.pinned).toBe(false);
      bot.emulator.world.star(2, m.id);
      expect(await say(`@TestBot cancel stars ${m.id}`)).toBe('done');
      expect(bot.emulator.world.message(m.id)?.stars).toBe(0);
      expect(await say(`@TestBot move ${m.id} to 2`)).toBe('moved 1');
      expect(bot.emulator.world.message(m.id)?.roomId).toBe(2);
    } finally {
      bot.emulator.world.setOwner(1, botId, false);
    }
    expect(await say('@TestBot details 99999999')).toBe('refused NO_SUCH_MESSAGE');
  });

  it('ctx.user, ctx.room, ctx.history', async () => {
    expect(await say('@TestBot whois 1')).toBe('Alice Owner: rep 1000, moderator false, owner true, about ""');
    expect(await say('@TestBot room')).toMatch(/^Sandbox: owners Alice Owner, site Stack Overflow, \d+ here$/);
    bot.emulator.world.post(3, 1, 'history line');
    expect(await say('@TestBot last 3')).toMatch(/history line/);
  });

  it('app.users: who the bot saw in the room, with last message time', async () => {
    bot.emulator.world.post(3, 1, 'Carol again');
    await until('Carol to be seen', () => (bot.app.users(1).find((u) => u.id === 3)?.lastMessage ?? 0) > 0);
    const users = bot.app.users(1);
    expect(users.find((u) => u.id === 2)).toMatchObject({ name: 'Bob', present: true });
    expect(bot.app.users(1, { sinceMs: Date.now() + 60_000 })).toEqual([]);
  });

  it('roomOwnersMax follows the current owners: made owner → top level; demoted → loses it', async () => {
    expect(bot.app.privileges.levelOf(1, 1)).toBe(2);
    bot.emulator.world.setAccess(1, 3, 'owner', 1);
    await until('Carol to get admin', () => bot.app.privileges.levelOf(1, 3) === 2);
    bot.emulator.world.setAccess(1, 3, 'read-write', 1);
    await until('Carol to lose admin', () => bot.app.privileges.levelOf(1, 3) === 0);
  });

  it('app.tasks: state, last run, next run; stop, start and remove by name', async () => {
    await until('the ticker to run', () => ticks > 1);
    const t = bot.app.tasks.get('ticker')!;
    expect(['scheduled', 'running']).toContain(t.state);
    expect(t.lastRunAt).toEqual(expect.any(Number));
    expect(t.lastError).toBeNull();
    expect(await bot.app.tasks.stop('ticker')).toBe(true);
    const stoppedAt = ticks;
    await new Promise((r) => setTimeout(r, 100));
    expect(ticks).toBe(stoppedAt);
    expect(bot.app.tasks.get('ticker')).toMatchObject({ state: 'stopped', nextRunAt: null });
    expect(bot.app.tasks.start('ticker')).toBe(true);
    await until('the ticker to run again', () => ticks > stoppedAt);
    expect(await bot.app.tasks.remove('ticker')).toBe(true);
    expect(bot.app.tasks.list().map((x) => x.name)).not.toContain('ticker');
    expect(await bot.app.tasks.stop('ticker')).toBe(false);
  });

  it('app.privileges.removeLevel: holders lose the level', async () => {
    await bot.app.privileges.grant(1, bob, 'regular');
    expect(await bot.app.privileges.removeLevel('regular')).toBe(1);
    expect(bot.app.privileges.levelOf(1, bob.id)).toBe(0);
    expect(bot.app.privileges.levels.map((l) => l.name)).toEqual(['admin']);
  });
});
