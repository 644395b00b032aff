import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, type CommandContext } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';

@Command({ usage: ['echo ...'] })
class EchoCommand {
  async run(ctx: CommandContext): Promise<void> {
    await ctx.reply(`echo: ${ctx.args.join(' ')}`);
  }
}

/**
 * Addressing follows chat's pings, decided on the HTML chat rendered: a ping inside a code span,
 * a fixed-font block or a link's text pings nobody, so it is no command; a reply that also pings
 * the bot is one command.
 */
describe('addressing as chat pings (HTML, over the real client)', () => {
  let bot: TestBot;
  let user: TestUser;
  const texts = async (text: string, o: { parentId?: number } = {}) => (await bot.room(1).say(user, text, o)).map((r) => r.text.trim());
  /** The id of the latest message `user` posted. */
  const lastOf = (u: TestUser) => bot.room(1).transcript().filter((m) => m.userId === u.id).at(-1)!.id;

  beforeAll(async () => {
    bot = await createTestBot({ messages: { startup: null }, commands: [EchoCommand] });
    user = bot.user({ name: 'Penny' });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it.each([
    ['a code span', '`@TestBot echo x`'],
    ['a code span holding just the ping', '`@TestBot` echo x'],
    ['a fixed-font block (four spaces)', '    @TestBot echo x'],
    ['a multi-line fixed-font block', '    @TestBot echo x\n    more code'],
    ['a link text', '[@TestBot echo x](https://example.com/a)'],
    ['a link text with a code span', '[`@TestBot echo x`](https://example.com/b)'],
  ])('a ping inside %s is no command', async (_what, text) => {
    expect(await texts(text)).toEqual([]);
    expect(bot.room(1).transcript().at(-1)!.userId).toBe(user.id); // nothing posted after it either
  });

  it.each([
    ['a plain ping', '@TestBot echo x', 'echo: x'],
    ['a bold ping (chat pings there)', '**@TestBot** echo x', 'echo: x'],
    ['code after the ping', '@TestBot echo `x`', 'echo: x'],
  ])('%s is a command', async (_what, text, reply) => {
    expect(await texts(text)).toEqual([reply]);
  });

  it('a reply to the bot that also pings it (`:id @TestBot echo x`) is one command', async () => {
    const [first] = await bot.room(1).say(user, '@TestBot echo first');
    expect(await texts(`:${first.id} @TestBot echo x`)).toEqual(['echo: x']);
    expect(await texts(`:${first.id} echo y`)).toEqual(['echo: y']); // a plain reply still works
    expect(await texts('echo z', { parentId: first.id })).toEqual(['echo: z']); // field-form reply
  });

  it("a reply to someone else's message that pings the bot is one command", async () => {
    const other = bot.user({ name: 'Otto' });
    await bot.room(1).say(other, 'what does the bot say?');
    const parent = lastOf(other);
    expect(await texts(`:${parent} @TestBot echo hi`)).toEqual(['echo: hi']);
    expect(await texts(`:${parent} no ping here`)).toEqual([]);
    expect(await texts(`:${parent} \`@TestBot echo hi\``)).toEqual([]);
  });
});
