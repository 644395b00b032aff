import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';

// The demo world: user 1 "Alice Owner" owns room 1; 2 "Bob" and 3 "Carol" are plain users.
const alice = { id: 1, name: 'Alice Owner' };
const bob = { id: 2, name: 'Bob' };

describe('top-level commands when no privilege level is defined (e2e)', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });
  const text = async (u: { id: number; name: string }, t: string) => (await bot!.room(1).say(u, t)).map((r) => r.text.trim()).join('\n');

  it('by default only the room owners may stop or reboot the bot; everything else stays open', async () => {
    const reexec = jest.fn();
    bot = await createTestBot({ reexec, messages: { startup: null } });
    expect(await text(bob, '@tes stop')).toBe("Only this room's owners can run that command (this bot defines no privilege levels).");
    expect(await text(bob, '@tes reboot')).toMatch(/^Only this room's owners/);
    expect(bot.app.isAlive).toBe(true);
    expect(await text(bob, '@tes alive')).toMatch(/alive/);
    // the owner list is read from the room's info page
    expect(bot.emulator.stats.byRoute['GET /rooms/info/:room']).toBeGreaterThanOrEqual(1);

    expect(await text(alice, '@tes reboot')).toBe('Rebooting…');
    // the reboot stops the app first (leaving rooms over HTTP): wait for it, bounded, rather than a fixed 50 ms
    for (const deadline = Date.now() + 5000; reexec.mock.calls.length === 0 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
    expect(reexec).toHaveBeenCalledTimes(1);
  }, 20_000);

  it("topCommandsWithoutLevels: 'anyone' restores BotpySE's behaviour: any user may stop the bot", async () => {
    bot = await createTestBot({ topCommandsWithoutLevels: 'anyone', messages: { startup: null } });
    expect(await text(bob, '@tes shutdown')).toBe('Stopping…');
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.app.isAlive).toBe(false);
  }, 20_000);
});
