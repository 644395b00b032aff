import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { Command, type CommandContext } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

@Command({ usage: ['later *'] })
class LaterCommand {
  async run(ctx: CommandContext): Promise<void> {
    await new Promise((r) => setTimeout(r, Number(ctx.args[0])));
    await ctx.reply('first');
    await ctx.post('second');
  }
}

describe('createTestBot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({ commands: [LaterCommand], privileges: [{ level: 1, name: 'member' }], roomOwnersMax: true });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('say() resolves only after the triggered command finished, with every message it posted', async () => {
    const bob = bot.user({ name: 'Bobby Tables' });
    const replies = await bot.room(1).say(bob, '@tes later 150');
    expect(replies.map((r) => r.text)).toEqual(['first', 'second']);
    expect(replies[0].replyTo).toBeDefined();
    expect(replies[1].replyTo).toBeUndefined();
    expect(replies.every((r) => r.roomId === 1)).toBe(true);
  });

  it('say() resolves to [] for a message that is not for the bot', async () => {
    expect(await bot.room(1).say(bot.user({ name: 'Quiet' }), 'nothing to see')).toEqual([]);
  });

  it('say() rejects with a clear error when the bot never finishes', async () => {
    const err = await bot.room(1).say({ id: 2, name: 'Bob' }, '@tes later 400', { timeoutMs: 50 }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/did not finish handling message \d+ within 50 ms/);
    await new Promise((r) => setTimeout(r, 450));
  });

  it('user({ ownerOf }) makes a room owner, seen by setRoomOwnerPrivsMax', async () => {
    const owner = bot.user({ name: 'Rita Owner', id: 555, ownerOf: [1] });
    expect(owner).toEqual({ id: 555, name: 'Rita Owner' });
    await bot.app.setRoomOwnerPrivsMax([1]);
    expect(bot.app.privileges.levelOf(1, 555)).toBe(1);
  });

  it('restart() starts a new application on the same storage; stop() removes the temporary storage', async () => {
    const first = bot.app;
    const second = await bot.restart();
    expect(second).not.toBe(first);
    expect(first.state).toBe('stopped');
    expect(bot.app).toBe(second);
    expect(second.privileges.levelOf(1, 555)).toBe(1);
    const other = await createTestBot({ emulator: bot.emulator, name: 'OtherBot', rooms: [1] });
    const dir = other.storageDir;
    expect(existsSync(dir)).toBe(true);
    await other.stop();
    expect(existsSync(dir)).toBe(false);
    expect(bot.app.isAlive).toBe(true); // a shared emulator is left running
  });
});
