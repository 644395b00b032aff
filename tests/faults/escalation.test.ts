import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrivilegeUserCommand, UnprivilegeUserCommand } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';
import { createLogSink, findLeaks, recordEmulatorSecrets } from './log-sink.js';

const PASSWORD = 'escalation-S3cret!pw';

describe('escalation attempts are all refused', () => {
  const sink = createLogSink('escalation');
  const secrets = new Set<string>([PASSWORD]);
  let bot: TestBot;
  let owner: TestUser; // level 3 (top)
  let mod: TestUser; // level 2: may run privilege/unprivilege (lowered to 2 below)
  let regular: TestUser; // level 1
  let dave: TestUser; // level 0
  const level = (u: { id: number }, room = 1) => bot.app.privileges.levelOf(room, u.id);

  beforeAll(async () => {
    bot = await createTestBot({
      logger: sink.logger,
      password: PASSWORD,
      emulator: {
        world: {
          users: [{ id: 100, name: 'TestBot', email: 'bot@example.com', password: PASSWORD }],
          rooms: [{ id: 1, name: 'Sandbox', owners: [] }, { id: 2, name: 'Elsewhere', owners: [] }],
        },
      },
      privileges: [{ level: 1, name: 'regular' }, { level: 2, name: 'mod' }, { level: 3, name: 'owner' }],
      commandPrivileges: [{ command: PrivilegeUserCommand, privilege: 2 }, { command: UnprivilegeUserCommand, privilege: 2 }],
      messages: { startup: null },
    });
    recordEmulatorSecrets(bot.emulator, secrets);
    owner = bot.user({ name: 'Olivia Owner' });
    mod = bot.user({ name: 'Mona Mod' });
    regular = bot.user({ name: 'Rita Regular' });
    dave = bot.user({ name: 'Dave' });
    await bot.app.privileges.grant(1, owner, 'owner');
    await bot.app.privileges.grant(1, mod, 'mod');
    await bot.app.privileges.grant(1, regular, 'regular');
    // everyone speaks once so the room knows them (names resolve to ids)
    for (const u of [owner, mod, regular, dave]) await bot.room(1).say(u, 'hello');
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('a legitimate grant works (the refusals below are not a broken command)', async () => {
    const [r] = await bot.room(1).say(mod, `@tes privilege ${dave.id} regular`);
    expect(r.text).toMatch(/now has the regular privilege/);
    expect(level(dave)).toBe(1);
    await bot.app.privileges.revoke(1, dave.id);
  });

  it('refuses granting oneself', async () => {
    const [a] = await bot.room(1).say(mod, `@tes privilege ${mod.id} owner`);
    expect(a.text).toMatch(/^Refused: you cannot change your own privileges/);
    const [b] = await bot.room(1).say(mod, '@tes privilege MonaMod mod');
    expect(b.text).toMatch(/^Refused/);
    const [c] = await bot.room(1).say(regular, `@tes privilege ${regular.id} mod`);
    expect(c.text).toMatch(/You need the mod \(2\) privilege/);
    const [d] = await bot.room(1).say(owner, `@tes unprivilege ${owner.id}`);
    expect(d.text).toMatch(/^Refused: you cannot change your own privileges/);
    expect([level(mod), level(regular), level(owner)]).toEqual([2, 1, 3]);
  });

  it('refuses granting above one\'s own level and changing a user above it', async () => {
    const [a] = await bot.room(1).say(mod, `@tes privilege ${dave.id} owner`);
    expect(a.text).toMatch(/^Refused: you cannot grant owner \(3\): it is above your own level \(2\)/);
    const [b] = await bot.room(1).say(mod, `@tes privilege ${dave.id} 3`);
    expect(b.text).toMatch(/^Refused/);
    const [c] = await bot.room(1).say(mod, `@tes unprivilege ${owner.id}`);
    expect(c.text).toMatch(/^Refused: you cannot change the privileges of a user above your own level/);
    const [d] = await bot.room(1).say(mod, `@tes privilege ${owner.id} regular`);
    expect(d.text).toMatch(/^Refused/);
    const [e] = await bot.room(1).say(dave, `@tes privilege ${dave.id} regular`);
    expect(e.text).toMatch(/You need the mod \(2\) privilege/);
    expect([level(dave), level(owner)]).toEqual([0, 3]);
  });

  it('refuses a user who copies a privileged user\'s display name', async () => {
    const impostor = bot.user({ name: 'Olivia Owner' });
    const [a] = await bot.room(1).say(impostor, `@tes privilege ${dave.id} regular`);
    expect(a.text).toMatch(/You need the mod \(2\) privilege to run that command; yours here is none \(0\)/);
    const [b] = await bot.room(1).say(impostor, '@tes stop');
    expect(b.text).toMatch(/You need the owner \(3\) privilege/);
    expect(bot.app.isAlive).toBe(true);
    // a grant by the ambiguous name must not pick one of them
    const [c] = await bot.room(1).say(mod, '@tes privilege OliviaOwner regular');
    expect(c.text).toMatch(/^Refused: several users are called/);
    expect(level(impostor)).toBe(0);
    // an account named like the bot is a person like any other, not the bot
    const fakeBot = bot.user({ name: 'TestBot' });
    const [d] = await bot.room(1).say(fakeBot, '@tes stop');
    expect(d.text).toMatch(/You need the owner \(3\) privilege/);
    expect(bot.app.isAlive).toBe(true);
  });

  it('never runs commands posted from the bot\'s own account', async () => {
    const self = { id: bot.app.account!.id, name: bot.app.account!.name };
    await bot.app.privileges.grant(1, self, 'owner');
    const outcomes: string[] = [];
    const off = bot.app.onMessageHandled((h) => outcomes.push(h.outcome));
    expect(await bot.room(1).say(self, `@tes privilege ${dave.id} owner`)).toEqual([]);
    expect(await bot.room(1).say(self, '@tes stop')).toEqual([]);
    off();
    expect(outcomes).toEqual(['own', 'own']);
    expect(level(dave)).toBe(0);
    expect(bot.app.isAlive).toBe(true);
    await bot.app.privileges.revoke(1, self.id);
  });

  it('ignores commands from rooms that are not configured', async () => {
    // the bot's account is in room 2 too (as if someone used it there in a browser), so its socket
    // carries room 2's messages: only the configuration keeps the bot from acting on them
    bot.emulator.world.enter(bot.app.account!.id, 2);
    await bot.app.privileges.grant(2, owner, 'owner');
    expect(await bot.room(2).say(owner, `@tes privilege ${dave.id} owner`, { quietMs: 400 })).toEqual([]);
    expect(await bot.room(2).say(owner, '@tes stop', { quietMs: 400 })).toEqual([]);
    expect([level(dave, 1), level(dave, 2)]).toEqual([0, 0]);
    expect(bot.app.isAlive).toBe(true);
  });

  it('wrote no secret into the logs', () => {
    expect(sink.lines.length).toBeGreaterThan(5);
    expect(findLeaks(sink.lines, secrets)).toEqual([]);
  });
});
