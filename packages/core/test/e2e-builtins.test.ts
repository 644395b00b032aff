import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PrivilegeUserCommand, UnprivilegeUserCommand } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';

const LEVELS = [{ level: 1, name: 'regular' }, { level: 2, name: 'moderator' }, { level: 3, name: 'admin' }];

describe('built-in commands and privilege rules end to end', () => {
  let bot: TestBot;
  let alice: TestUser; // room owner in the demo world (id 1): admin through roomOwnersMax
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  const reexec = jest.fn();

  beforeAll(async () => {
    bot = await createTestBot({
      privileges: LEVELS,
      roomOwnersMax: true,
      // let moderators use privilege/unprivilege, so the escalation rules are reachable from chat
      commandPrivileges: [{ command: PrivilegeUserCommand, privilege: 2 }, { command: UnprivilegeUserCommand, privilege: 2 }],
      reexec,
      location: 'test-host/ci',
      messages: { startup: 'Hello from {name}' },
    });
    alice = { id: 1, name: 'Alice Owner' };
    bob = { id: 2, name: 'Bob' };
    carol = { id: 3, name: 'Carol' };
    dave = bot.user({ name: 'Dave Dev' });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  const say = (u: TestUser, text: string) => bot.room(1).say(u, text);
  const text = async (u: TestUser, t: string) => (await say(u, t)).map((r) => r.text.trim()).join('\n');

  it('posted the startup message', () => {
    expect(bot.room(1).transcript().some((m) => m.text === 'Hello from TestBot' && m.userId === bot.app.account?.id)).toBe(true);
  });

  it('alive / status', async () => {
    expect(await text(bob, '@tes alive')).toMatch(/^Yes, TestBot is alive \(active at test-host\/ci, up \d+ s\)\.$/);
    expect(await text(bob, '@tes status')).toMatch(/alive/);
  });

  it('room owners got the top level from the room info page', async () => {
    expect(bot.app.privileges.levelOf(1, alice.id)).toBe(3);
    expect(bot.emulator.stats.byRoute['GET /rooms/info/:room']).toBeGreaterThanOrEqual(1);
    expect(await text(alice, '@tes amiprivileged')).toBe('You have the admin privilege (level 3) in this room.');
    expect(await text(bob, '@tes doihaveprivs')).toBe('You have no privileges in this room.');
  });

  it('setRoomOwnerPrivsMax grants owners added later, and the grant persists', async () => {
    const olga = bot.user({ name: 'Olga Owner', ownerOf: [1] });
    expect(await text(olga, '@tes privileges')).toBe('You have no privileges in this room.');
    await bot.app.setRoomOwnerPrivsMax();
    expect(await text(olga, '@tes privileges')).toMatch(/admin/);
    expect(bot.app.privileges.list(1).find((g) => g.userId === olga.id)?.level).toBe(3);
  });

  it('privilege * * / addpriv * * by id or by name', async () => {
    expect(await text(alice, `@tes privilege ${bob.id} moderator`)).toBe('Bob (2) now has the moderator privilege here.');
    expect(await text(alice, '@tes addpriv @Carol 1')).toBe('Carol (3) now has the regular privilege here.');
    expect(bot.app.privileges.levelOf(1, carol.id)).toBe(1);
    expect(await text(alice, '@tes privilege nobodyhere 1')).toMatch(/^Refused: nobody called "nobodyhere"/);
    expect(await text(alice, '@tes privilege 2 superuser')).toMatch(/^Refused: unknown privilege level "superuser"/);
  });

  it('refuses escalation: granting oneself, above one\'s level, or changing someone above', async () => {
    expect(await text(bob, `@tes privilege ${bob.id} admin`)).toBe('Refused: you cannot change your own privileges.');
    expect(await text(bob, `@tes privilege ${carol.id} admin`)).toMatch(/^Refused: you cannot grant admin \(3\): it is above your own level \(2\)/);
    expect(await text(bob, `@tes unprivilege ${alice.id}`)).toMatch(/^Refused: you cannot change the privileges of a user above/);
    expect(await text(carol, `@tes privilege ${dave.id} regular`)).toMatch(/You need the moderator \(2\) privilege/);
    expect(bot.app.privileges.levelOf(1, bob.id)).toBe(2);
    expect(bot.app.privileges.levelOf(1, carol.id)).toBe(1);
    expect(bot.app.privileges.levelOf(1, alice.id)).toBe(3);
    // within the rules it works
    expect(await text(bob, `@tes privilege ${dave.id} regular`)).toMatch(/Dave Dev .* regular/);
  });

  it('refuses a spoofed display name: identity is the user id', async () => {
    const spoof = bot.user({ name: 'Alice Owner' });
    expect(await text(spoof, '@tes amiprivileged')).toBe('You have no privileges in this room.');
    expect(await text(spoof, '@tes stop')).toMatch(/You need the admin \(3\) privilege/);
    expect(await text(alice, '@tes privilege @AliceOwner 1')).toMatch(/several users are called/);
    expect(bot.app.isAlive).toBe(true);
  });

  it('membership / privileged / listprivileged post a fixed-font table', async () => {
    const raw = async (t: string) => (await say(bob, t)).map((r) => r.text).join('\n');
    const table = await raw('@tes membership');
    const lines = table.split('\n');
    expect(lines.every((l) => l.startsWith('    '))).toBe(true);
    expect(lines[0]).toMatch(/User +Id +Level/);
    expect(table).toMatch(/Alice Owner +1 +admin \(3\)/);
    expect(table).toMatch(/Bob +2 +moderator \(2\)/);
    expect((await raw('@tes privileged')).trimEnd()).toBe(table.trimEnd());
    expect((await raw('@tes listprivileged')).trimEnd()).toBe(table.trimEnd());
  });

  it('unprivilege * / unprivilege user * / remove privileges *', async () => {
    expect(await text(alice, `@tes unprivilege ${dave.id}`)).toBe('Dave Dev (' + dave.id + ') has no privileges here any more.');
    expect(await text(alice, `@tes unprivilege user ${dave.id}`)).toBe('Dave Dev (' + dave.id + ') had no privileges here.');
    expect(await text(alice, '@tes remove privileges Carol')).toBe('Carol (3) has no privileges here any more.');
    expect(bot.app.privileges.levelOf(1, carol.id)).toBe(0);
  });

  it('help / commands list the usages the caller may run', async () => {
    const forBob = await text(bob, '@tes help');
    expect(forBob).toContain('alive (or status)');
    expect(forBob).toContain('privilege <user> <level> (or addpriv <user> <level>)');
    expect(forBob).not.toContain('reboot');
    const forAlice = await text(alice, '@tes commands');
    expect(forAlice).toContain('reboot (or restart)');
    expect(forAlice).toContain('stop (or shutdown)');
  });

  it('location and standby status', async () => {
    expect(await text(bob, '@tes location')).toBe('This instance runs at test-host/ci.');
    expect(await text(bob, '@tes standby status')).toBe('This instance (test-host/ci) is active; no Redunda configured.');
    expect(await text(bob, '@tes role')).toMatch(/is active/);
  });

  it('reboot / restart: graceful stop, then the injected re-exec', async () => {
    expect(await text(bob, '@tes reboot')).toMatch(/You need the admin \(3\) privilege/);
    expect(reexec).not.toHaveBeenCalled();
    expect(await text(alice, '@tes reboot')).toBe('Rebooting…');
    await bot.app.whenStopped();
    await new Promise((r) => setTimeout(r, 20)); // reboot() calls re-exec right after stop() resolved
    expect(reexec).toHaveBeenCalledTimes(1);
    expect(bot.app.state).toBe('stopped');
  });

  it('a restart keeps grants, and logs in with the saved cookies instead of the password', async () => {
    const passwordLogins = bot.emulator.stats.passwordLogins;
    const cookies = await stat(join(bot.storageDir, 'cookies.json'));
    expect(cookies.mode & 0o777).toBe(0o600);
    await bot.restart();
    expect(bot.emulator.stats.passwordLogins).toBe(passwordLogins);
    expect(bot.app.privileges.levelOf(1, bob.id)).toBe(2);
    expect(await text(bob, '@tes amiprivileged')).toBe('You have the moderator privilege (level 2) in this room.');
  });

  it('stop / shutdown stops the bot after replying', async () => {
    expect(await text(alice, '@tes shutdown')).toBe('Stopping…');
    await bot.app.whenStopped();
    expect(bot.app.isAlive).toBe(false);
    expect(reexec).toHaveBeenCalledTimes(1);
    // nothing answers any more
    const m = bot.emulator.world.post(bob.id, 1, '@tes alive');
    await new Promise((r) => setTimeout(r, 200));
    expect(bot.room(1).transcript().filter((x) => x.id > m.id)).toEqual([]);
  });
});
