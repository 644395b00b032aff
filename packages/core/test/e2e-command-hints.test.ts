import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, type CommandContext, type HandledMessage } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';

@Command({ usage: ['echo * ...'], args: ['text'], description: 'Repeats what you say.' })
class EchoCommand {
  run(ctx: CommandContext) {
    return ctx.reply(ctx.args.join(' '));
  }
}

// Commands explain themselves (#19): wrong arguments get the usage, a slip gets "did you mean", help reads like prose.
describe('commands explain themselves, end to end', () => {
  let bot: TestBot;
  let bob: TestUser;
  const alice: TestUser = { id: 1, name: 'Alice Owner' }; // owner of room 1 in the demo world
  const handled: HandledMessage[] = [];

  beforeAll(async () => {
    bot = await createTestBot({
      privileges: [{ level: 1, name: 'regular' }, { level: 2, name: 'moderator' }],
      roomOwnersMax: true,
      commands: [EchoCommand],
      messages: { startup: null },
    });
    bot.app.onMessageHandled((h) => handled.push(h));
    bob = { id: 2, name: 'Bob' };
  });
  afterAll(async () => {
    await bot?.stop();
  });

  const say = async (u: TestUser, text: string) => (await bot.room(1).say(u, text)).map((r) => r.text.trimEnd()).join('\n');
  const lastHandled = () => handled.at(-1)!;

  it('words that name a command with arguments that do not fit get its usage, not "unknown command"', async () => {
    expect(await say(bob, '@TestBot echo')).toBe('usage: @TestBot echo <text…>');
    expect(lastHandled()).toMatchObject({ outcome: 'usage', command: 'EchoCommand', stage: 'route' });
    expect(await say(alice, '@TestBot privilege Bob')).toBe('usage: @TestBot privilege <user> <level>');
    expect(lastHandled()).toMatchObject({ outcome: 'usage', command: 'PrivilegeUserCommand' });
    expect(await say(bob, '@TestBot alive now')).toBe('usage: @TestBot alive');
    expect(await say(bob, '@TestBot running')).toBe('usage: @TestBot running commands');
    // the usages that start with the word typed
    expect(await say(alice, '@TestBot addpriv 2')).toBe('usage: @TestBot addpriv <user> <level>');
    // and the command still runs when they fit
    expect(await say(bob, '@TestBot echo hello  there')).toBe('hello there');
  });

  it('an unknown word near a command word gets "did you mean"; anything else the unknown-command hint', async () => {
    expect(await say(bob, '@TestBot alvie')).toBe('I don\'t know `alvie`: did you mean `alive`? Try "@TestBot help".');
    expect(lastHandled()).toMatchObject({ outcome: 'unmatched', stage: 'route' });
    expect(await say(bob, '@TestBot ehco hi')).toMatch(/did you mean `echo`\?/);
    expect(await say(bob, '@TestBot frobnicate now')).toBe('I don\'t know that command. Try "@TestBot help".');
  });

  it('help lists each command readably with its description, only those the caller may run', async () => {
    const forBob = await say(bob, '@TestBot help');
    expect(forBob).toMatch(/^Commands you may run \(address me with @TestBot; "@TestBot help <command>" explains one\):$/m);
    expect(forBob).toMatch(/^echo <text…> — Repeats what you say\.$/m);
    expect(forBob).toMatch(/^alive \(or status\) — Says whether the bot is alive/m);
    expect(forBob).not.toMatch(/\*|\.\.\./); // no raw patterns
    expect(forBob).not.toMatch(/^privilege/m); // not for Bob
    const forAlice = await say(alice, '@TestBot commands');
    expect(forAlice).toMatch(/^privilege <user> <level> \(or addpriv <user> <level>\) — Grants a privilege level/m);
    expect(forAlice).toMatch(/^unprivilege <user> \(or unprivilege user <user>, remove privileges <user>\) — /m);
  });

  it('help <command> shows one command in detail: all usages, description, who may run it', async () => {
    expect(await say(bob, '@TestBot help privilege')).toBe([
      'privilege — Grants a privilege level in this room (user: an id or a name).',
      'usage: @TestBot privilege <user> <level>',
      '   or: @TestBot addpriv <user> <level>',
      'who: the moderator (2) privilege or higher. You may not run it here.',
    ].join('\n'));
    expect(await say(alice, '@TestBot help addpriv')).toMatch(/You may run it here\.$/);
    expect(await say(bob, '@TestBot help echo')).toBe([
      'echo — Repeats what you say.',
      'usage: @TestBot echo <text…>',
      'who: anyone. You may run it here.',
    ].join('\n'));
    expect(await say(bob, '@TestBot help unprivilege user')).toMatch(/^usage: @TestBot unprivilege <user>$/m);
    expect(await say(bob, '@TestBot help ehco')).toBe('There is no command `ehco`; did you mean `echo`? "@TestBot help" lists them.');
    expect(await say(bob, '@TestBot help weather')).toBe('There is no command `weather`. "@TestBot help" lists them.');
  });

  it('messages.unknownCommand: null turns every hint off', async () => {
    await bot.restart({ messages: { startup: null, unknownCommand: null } });
    bot.app.onMessageHandled((h) => handled.push(h));
    expect(await bot.room(1).say(bob, '@TestBot echo')).toEqual([]);
    expect(lastHandled()).toMatchObject({ outcome: 'unmatched' });
    expect(await bot.room(1).say(bob, '@TestBot alvie')).toEqual([]);
  });
});
