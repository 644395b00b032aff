import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ArgumentError, Command, type CommandContext, type HandledMessage } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';

const seen: { command: string; params: Record<string, unknown>; args: string[] }[] = [];
const record = (command: string, ctx: CommandContext<string>) => {
  seen.push({ command, params: ctx.params as Record<string, unknown>, args: [...ctx.args] });
};

const BAN = 'ban <user:user> <minutes:int(1..1440)> [reason:text]';
@Command({ usage: [BAN], description: 'Bans a user for a while.' })
class BanCommand {
  run(ctx: CommandContext<typeof BAN>) {
    record('ban', ctx);
    const { user, minutes, reason } = ctx.params;
    return ctx.reply(`banned ${user.name} (${user.id}) for ${minutes} min${reason ? `: ${reason}` : ''}`);
  }
}

const MUTE = ['mute <who:user> <for:duration(1m..1d)>'] as const;
@Command({ usage: MUTE })
class MuteCommand {
  run(ctx: CommandContext<typeof MUTE>) {
    record('mute', ctx);
    return ctx.reply(`muted ${ctx.params.who.name} for ${ctx.params.for / 1000} s`);
  }
}

const MISC = ['mode <mode:soft|hard>', 'scale <factor:number(0..10)>', 'sum <n:int...>', 'open <to:url>', 'goto <room:room>', 'quote <msg:message>', 'paint <c:color>', 'tags [tags...]', 'ignore <user> <duration>'] as const;
@Command({ usage: [...MISC] })
class MiscCommand {
  run(ctx: CommandContext<typeof MISC>) {
    record(ctx.usage.split(' ')[0]!, ctx);
    return ctx.reply('ok');
  }
}

const color = (raw: string): string => {
  if (!/^#[0-9a-f]{6}$/i.test(raw)) throw new ArgumentError(`"${raw}" is not a colour like #ff8800`);
  return raw.toLowerCase();
};

// Typed arguments (#17) over the real client and the emulator: values in ctx.params, bad input answered with the argument and the usage.
describe('typed arguments end to end', () => {
  let bot: TestBot;
  let john: TestUser;
  let joanna: TestUser;
  const bob: TestUser = { id: 2, name: 'Bob' };
  const handled: HandledMessage[] = [];

  beforeAll(async () => {
    bot = await createTestBot({ commands: [BanCommand, MuteCommand, MiscCommand], argTypes: { color }, messages: { startup: null } });
    bot.app.onMessageHandled((h) => handled.push(h));
    john = bot.user({ name: 'John Smith' });
    joanna = bot.user({ name: 'Joanna' });
    // the bot knows people of the room from what they say
    await bot.room(1).say(john, 'hello');
    await bot.room(1).say(joanna, 'hi all');
  });
  afterAll(async () => {
    await bot?.stop();
  });

  const say = async (u: TestUser, text: string) => (await bot.room(1).say(u, text)).map((r) => r.text.trimEnd()).join('\n');
  const last = () => seen.at(-1)!;
  const lastHandled = () => handled.at(-1)!;
  const BAN_USAGE = 'usage: @TestBot ban <user> <minutes> [reason…]';

  it('parses the values into ctx.params, while ctx.args stays the strings', async () => {
    expect(await say(bob, '@TestBot ban @joh 30 spamming  links')).toBe(`banned John Smith (${john.id}) for 30 min: spamming links`);
    expect(last()).toEqual({ command: 'ban', params: { user: { id: john.id, name: 'John Smith' }, minutes: 30, reason: 'spamming links' }, args: ['@joh', '30', 'spamming', 'links'] });
    expect(await say(bob, `@TestBot ban ${joanna.id} 1440`)).toBe(`banned Joanna (${joanna.id}) for 1440 min`);
    expect(last().params).toEqual({ user: { id: joanna.id, name: 'Joanna' }, minutes: 1440 });
    expect(await say(bob, '@TestBot ban johnsmith 5')).toMatch(/^banned John Smith/); // the name, spaces and case ignored
    expect(await say(bob, '@TestBot mute @Joanna 90s')).toBe('muted Joanna for 90 s');
    expect(last().params).toEqual({ who: { id: joanna.id, name: 'Joanna' }, for: 90_000 });
    expect(await say(bob, '@TestBot mute @Joanna 1h30m')).toBe('muted Joanna for 5400 s');
  });

  it('an unparsable value gets a reply naming the argument and the usage', async () => {
    const before = seen.length;
    expect(await say(bob, '@TestBot ban @joh abc')).toBe(`minutes: "abc" is not a whole number. ${BAN_USAGE}`);
    expect(lastHandled()).toMatchObject({ outcome: 'usage', reason: 'minutes', command: 'BanCommand', stage: 'params' });
    expect(await say(bob, '@TestBot ban @joh 5000')).toBe(`minutes: 5000 is more than 1440. ${BAN_USAGE}`);
    expect(await say(bob, '@TestBot ban @joh 0')).toBe(`minutes: 0 is less than 1. ${BAN_USAGE}`);
    expect(await say(bob, '@TestBot mute @joh 5')).toBe('for: "5" is not a duration (add a unit: 5s, 5m, 5h). usage: @TestBot mute <who> <for>');
    expect(await say(bob, '@TestBot mute @joh soon')).toMatch(/^for: "soon" is not a duration \(write it like 90s, 5m, 2h or 1d\)\. usage: /);
    expect(await say(bob, '@TestBot mute @joh 2d')).toBe('for: 2d is longer than 1d. usage: @TestBot mute <who> <for>');
    expect(seen.length).toBe(before); // the command never ran
  });

  it('users: ambiguous → the candidates; unknown name or id → said so', async () => {
    expect(await say(bob, '@TestBot ban @jo 5')).toBe(`user: "@jo" is too short to ping anyone: use at least 3 letters of the name. ${BAN_USAGE}`);
    const jo = await say(bob, '@TestBot ban @joa 5'); // Joanna only
    expect(jo).toMatch(/^banned Joanna/);
    const both = bot.user({ name: 'Johanna Berg' });
    await bot.room(1).say(both, 'hey'); // the candidates are listed most recently seen first
    expect(await say(bob, '@TestBot ban @joh 5')).toBe(
      `user: "@joh" could be Johanna Berg (${both.id}), John Smith (${john.id}): use more letters of the name or the user id. ${BAN_USAGE}`,
    );
    expect(lastHandled()).toMatchObject({ outcome: 'usage', reason: 'user' });
    expect(await say(bob, '@TestBot ban @zed 5')).toBe(`user: nobody called "zed" is known in this room (use their user id). ${BAN_USAGE}`);
    expect(await say(bob, '@TestBot ban 987654 5')).toBe(`user: no user has the id 987654. ${BAN_USAGE}`);
  });

  it('choice, number, lists, url, room, message (id, link, reply) and an app\'s own type', async () => {
    await say(bob, '@TestBot mode HARD');
    expect(last().params).toEqual({ mode: 'hard' });
    expect(await say(bob, '@TestBot mode medium')).toBe('mode: "medium" is not one of soft, hard. usage: @TestBot mode <mode>');
    await say(bob, '@TestBot scale 2.5');
    expect(last().params).toEqual({ factor: 2.5 });
    expect(await say(bob, '@TestBot scale 11')).toMatch(/^factor: 11 is more than 10\./);
    await say(bob, '@TestBot sum 1 2 3');
    expect(last().params).toEqual({ n: [1, 2, 3] });
    expect(await say(bob, '@TestBot sum 1 x')).toMatch(/^n: "x" is not a whole number\. usage: @TestBot sum <n…>$/);
    await say(bob, '@TestBot tags');
    expect(last().params).toEqual({ tags: [] });
    await say(bob, '@TestBot open https://example.com/a?b=1');
    expect(String(last().params.to)).toBe('https://example.com/a?b=1');
    expect(last().params.to).toBeInstanceOf(URL);
    expect(await say(bob, '@TestBot open ftp://x')).toMatch(/^to: "ftp:\/\/x" is not a web address/);
    await say(bob, '@TestBot goto here');
    expect(last().params.room).toMatchObject({ id: 1 });
    await say(bob, `@TestBot goto ${bot.emulator.origin}/rooms/1/sandbox`);
    expect(last().params.room).toMatchObject({ id: 1 });
    expect(await say(bob, '@TestBot goto 4242')).toMatch(/^room: there is no room 4242\./);

    const target = bot.room(1).transcript().find((m) => m.text === 'hi all')!;
    await say(bob, `@TestBot quote ${target.id}`);
    expect(last().params.msg).toMatchObject({ id: target.id, owner: { id: joanna.id } });
    await say(bob, `@TestBot quote ${bot.emulator.origin}/transcript/message/${target.id}#${target.id}`);
    expect(last().params.msg).toMatchObject({ id: target.id });
    await bot.room(1).say(bob, '@TestBot quote', { parentId: target.id }); // sent as a reply: the message replied to
    expect(last().params.msg).toMatchObject({ id: target.id });
    expect(await say(bob, '@TestBot quote')).toBe('msg: no message given: give its id or link, or send the command as a reply to it. usage: @TestBot quote <msg>');
    expect(await say(bob, '@TestBot quote 99999999')).toMatch(/^msg: there is no message 99999999\./);

    await say(bob, '@TestBot ignore @joa 5m'); // arguments named after a type have it
    expect(last().params).toEqual({ user: { id: joanna.id, name: 'Joanna' }, duration: 300_000 });

    await say(bob, '@TestBot paint #FF8800');
    expect(last().params).toEqual({ c: '#ff8800' });
    expect(await say(bob, '@TestBot paint red')).toBe('c: "red" is not a colour like #ff8800. usage: @TestBot paint <c>');
  });

  it('help shows the names, help <command> their types', async () => {
    expect(await say(bob, '@TestBot help')).toMatch(/^ban <user> <minutes> \[reason…\] — Bans a user for a while\.$/m);
    expect(await say(bob, '@TestBot help ban')).toBe([
      'ban — Bans a user for a while.',
      'usage: @TestBot ban <user> <minutes> [reason…]',
      '  user: a user of this room: a user id, @name (as a ping) or the name',
      '  minutes: a whole number from 1 to 1440',
      '  reason (optional): the rest of the message',
      'who: anyone. You may run it here.',
    ].join('\n'));
    const misc = await say(bob, '@TestBot help mode');
    expect(misc).toContain('  mode: one of soft, hard');
    expect(misc).toContain('  c: a color');
  });

  it('refuses at bootstrap an unknown type, a bad range and an app type that shadows a built-in', async () => {
    @Command({ usage: ['x <y:colour>'] })
    class Unknown { run() {} }
    await expect(createTestBot({ commands: [Unknown], start: false, emulator: bot.emulator })).rejects.toThrow(/Unknown: usage "x <y:colour>": <y:colour> has the unknown type "colour" \(known: int, number, .*\)/);
    @Command({ usage: ['x <y:int(5..1)>'] })
    class BadRange { run() {} }
    await expect(createTestBot({ commands: [BadRange], start: false, emulator: bot.emulator })).rejects.toThrow(/BadRange: usage "x <y:int\(5..1\)>": <y:int\(5..1\)>: the range "5..1" is empty/);
    await expect(createTestBot({ argTypes: { int: () => 1 }, start: false, emulator: bot.emulator })).rejects.toThrow(/argTypes: "int" is a built-in type/);
    @Command({ usage: ['x [y] <z>'] })
    class Misplaced { run() {} }
    await expect(createTestBot({ commands: [Misplaced], start: false, emulator: bot.emulator })).rejects.toThrow(/\[y\] must be the last word/);
  });
});
