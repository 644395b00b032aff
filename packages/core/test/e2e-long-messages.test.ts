import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, type CommandContext } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

@Command({ usage: ['count ...'], description: 'Counts its arguments.' })
class CountCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.reply(`${ctx.args.length} words, the last is ${ctx.args[ctx.args.length - 1] ?? 'none'}`);
  }
}

describe('long multi-line messages that chat delivers cut (div.partial) (e2e)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    // the emulator cuts multi-line messages over 200 characters in events, as chat does with long ones
    bot = await createTestBot({ commands: [CountCommand], messages: { startup: null }, emulator: { policies: { partialAfterChars: 200 } } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('a command whose arguments run past the cut gets all of them (the client reads the full text)', async () => {
    const words = Array.from({ length: 150 }, (_, i) => `w${i}`);
    const lines = [];
    for (let i = 0; i < words.length; i += 10) lines.push(words.slice(i, i + 10).join(' '));
    const text = `@tes count ${lines.join('\n')}`;
    expect(text.length).toBeGreaterThan(600);
    const [reply] = await bot.room(1).say({ id: 2, name: 'Bob' }, text);
    expect(reply!.text).toContain('150 words, the last is w149');
    // the event really was cut: the stored message renders as partial
    const stored = bot.room(1).transcript().find((m) => m.text === text);
    expect(stored?.html).toMatch(/^<div class='partial'>/);
  });

  it('a long reply to one of the bot\'s messages, typed with the :id prefix or sent as a reply, is read whole', async () => {
    const words = Array.from({ length: 120 }, (_, i) => `r${i}`);
    const body = `count ${words.slice(0, 60).join(' ')}\n${words.slice(60).join(' ')}`;
    const [first] = await bot.room(1).say({ id: 2, name: 'Bob' }, '@tes count a b');
    expect(first!.text).toContain('2 words');
    const [typed] = await bot.room(1).say({ id: 2, name: 'Bob' }, `:${first!.id} ${body}`);
    expect(typed!.text).toContain('120 words, the last is r119');
    const [field] = await bot.room(1).say({ id: 3, name: 'Carol' }, body, { parentId: first!.id });
    expect(field!.text).toContain('120 words, the last is r119');
  });
});
