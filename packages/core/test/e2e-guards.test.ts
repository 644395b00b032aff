import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, UseGuards, injectable, inject, PrivilegeService, type CommandContext, type Guard, type GuardInput } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

// The demo world: 1 "Alice Owner" owns room 1; 2 "Bob" and 3 "Carol" are plain users.
const alice = { id: 1, name: 'Alice Owner' };
const bob = { id: 2, name: 'Bob' };
const carol = { id: 3, name: 'Carol' };

let rolls = 0;
@Command({ usage: ['roll'], description: 'Rolls a die.', cooldown: { seconds: 30 } })
class RollCommand {
  run(ctx: CommandContext) {
    rolls++;
    return ctx.reply('4');
  }
}

@Command({ usage: ['deploy'], description: 'Deploys (room 2 only).', rooms: [2] })
class DeployCommand {
  run(ctx: CommandContext) {
    return ctx.reply('deployed');
  }
}

/** A guard class with an injected dependency: only users with some privilege. */
@injectable()
class HasAnyPrivilege implements Guard {
  readonly id = 'any-privilege';
  constructor(@inject(PrivilegeService) private readonly p: PrivilegeService) {}
  check({ roomId, userId }: GuardInput) {
    return this.p.levelOf(roomId, userId) > 0 ? { ok: true as const } : { ok: false as const, id: this.id, text: 'Members only.' };
  }
}

@UseGuards(HasAnyPrivilege)
@Command({ usage: ['secret'], description: 'Members only.' })
class SecretCommand {
  run(ctx: CommandContext) {
    return ctx.reply('the secret');
  }
}

/** A global guard: Carol is muted everywhere. */
const noCarol: Guard = { id: 'muted', check: ({ userId }) => (userId === 3 ? { ok: false, id: 'muted', text: 'You are muted.' } : { ok: true }) };

describe('guards end to end (cooldown, per-room, run-time switches, help)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot({
      rooms: [1, 2], start: false, commands: [RollCommand, DeployCommand, SecretCommand], guards: [noCarol],
      privileges: [{ level: 1, name: 'member' }], roomOwnersMax: true, messages: { startup: null },
    });
    bot.emulator.world.addRoom({ id: 2, name: 'Ops', owners: [1] });
    await bot.app.start();
  });
  afterAll(async () => {
    await bot?.stop();
  });
  const say = async (room: number, u: { id: number; name: string }, text: string) => {
    const replies = await bot.room(room).say(u, text);
    return replies.map((r) => r.text.trim());
  };

  it('a cooldown refuses the next run politely, once, saying when; it runs again afterwards', async () => {
    expect(await say(1, bob, '@tes roll')).toEqual(['4']);
    const refusal = await say(1, bob, '@tes roll');
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toMatch(/^That command is cooling down for you: try again in (29|30) s\.$/);
    // insisting gets no reply storm: refused silently
    expect(await say(1, bob, '@tes roll')).toEqual([]);
    expect(await say(1, bob, '@tes roll')).toEqual([]);
    expect(rolls).toBe(1);
    // another user is not affected
    expect(await say(1, alice, '@tes roll')).toEqual(['4']);
    // time passes (the emulator's clock is not the guard's: advance by faking Date.now)
    const realNow = Date.now;
    Date.now = () => realNow() + 31_000;
    try {
      expect(await say(1, bob, '@tes roll')).toEqual(['4']);
    } finally {
      Date.now = realNow;
    }
    expect(rolls).toBe(3);
  });

  it('a per-room command runs in its room only; elsewhere the refusal says so', async () => {
    expect(await say(2, bob, '@tes deploy')).toEqual(['deployed']);
    expect(await say(1, bob, '@tes deploy')).toEqual(['That command is not available in this room.']);
  });

  it('commands can be disabled and enabled at run time, per room or everywhere', async () => {
    bot.app.commands.disable('alive', 1);
    expect(await say(1, bob, '@tes alive')).toEqual(['That command is disabled here at the moment.']);
    expect((await say(2, bob, '@tes alive'))[0]).toMatch(/alive/i);
    expect(bot.app.commands.isEnabled('AliveCommand', 1)).toBe(false);
    bot.app.commands.enable('alive', 1);
    expect((await say(1, bob, '@tes alive'))[0]).toMatch(/alive/i);
    bot.app.commands.disable('AliveCommand');
    expect(await say(2, bob, '@tes alive')).toEqual(['That command is disabled here at the moment.']);
    bot.app.commands.enable('AliveCommand');
  });

  it('global guards and @UseGuards guards (resolved with injection) refuse with their text', async () => {
    expect(await say(1, carol, '@tes alive')).toEqual(['You are muted.']);
    expect(await say(1, bob, '@tes secret')).toEqual(['Members only.']);
    expect(await say(1, alice, '@tes secret')).toEqual(['the secret']); // room owner: top level through roomOwnersMax
  });

  it('help lists exactly what the guards allow: per-room, disabled, @UseGuards and privilege-refused commands are hidden', async () => {
    const help = async (room: number, u: { id: number; name: string }) => (await say(room, u, '@tes help')).join('\n');
    const bobHere = await help(1, bob);
    expect(bobHere).toMatch(/^roll/m); // on cooldown, but allowed: a cooldown is time, not permission
    expect(bobHere).not.toMatch(/^deploy/m);
    expect(bobHere).not.toMatch(/^secret/m);
    expect(bobHere).not.toMatch(/^stop/m);
    expect(await help(2, bob)).toMatch(/^deploy/m);
    expect(await help(1, alice)).toMatch(/^secret/m);
    bot.app.commands.disable('roll', 1);
    expect(await help(1, bob)).not.toMatch(/^roll/m);
    bot.app.commands.enable('roll');
    expect(await help(1, carol)).toBe('You are muted.'); // the global guard refuses help itself
  });

  it('HandledMessage says which stage ended a message and why', async () => {
    const events: { outcome: string; stage?: string; reason?: string }[] = [];
    const off = bot.app.onMessageHandled((h) => h.outcome !== 'own' && events.push(h)); // the bot's own replies are handled too
    await say(1, bob, '@tes deploy');
    await say(1, bob, 'not for the bot');
    off();
    expect(events).toEqual([
      expect.objectContaining({ outcome: 'refused', stage: 'guards', reason: 'rooms', command: 'DeployCommand' }),
      expect.objectContaining({ outcome: 'ignored', stage: 'addressing' }),
    ]);
  });
});
