import { describe, expect, it } from '@jest/globals';
import { ChatEmulator, type EmuMessage } from '@botpy/emulator';
import { login, useE2eResources } from './e2e-helpers.js';

describe('coalescing queued messages under the throttle (e2e against the emulator, virtual clock)', () => {
  const t = useE2eResources();

  /** An emulator throttling at 1 message/s and a t.client whose queue sleeps on the same virtual clock. */
  async function setUp(coalesce: boolean) {
    let now = Date.now();
    const start = now;
    t.emu = await ChatEmulator.start({ clock: { now: () => now }, policies: { throttle: { burst: 1, perSecond: 1 } } });
    t.client = await login(t.emu, {
      queue: {
        coalesce,
        sleep: async (ms) => {
          now += ms;
        },
      },
    });
    const stored: EmuMessage[] = [];
    t.emu.world.on('message', (m, kind) => {
      if (kind === 'posted' && m.userId === 100) stored.push(m);
    });
    return { room: await t.client.joinRoom(1), stored, elapsed: () => now - start };
  }

  it('30 messages queued at once: every line arrives once and in order, in a few posts, and each send resolves to the post holding it', async () => {
    const { room, stored, elapsed } = await setUp(true);
    const texts = Array.from({ length: 30 }, (_, i) => `status line ${i}`);
    const ids = await Promise.all(texts.map((t) => room.send(t)));

    expect(stored.flatMap((m) => m.text.split('\n'))).toEqual(texts);
    expect(stored.length).toBeLessThanOrEqual(3);
    for (const [i, t] of texts.entries()) expect(stored.find((m) => m.id === ids[i])!.text.split('\n')).toContain(t);
    expect(t.client!.sendQueue.stats.coalesced).toBe(30 - stored.length);
    // without merging the same queue needs 29 throttle waits of a second
    expect(elapsed()).toBeLessThan(5_000);
  });

  it('replies and fixed-font blocks are never merged; the same load without the option posts one message each', async () => {
    const { room, stored } = await setUp(true);
    const human = t.emu!.world.post(2, 1, 'a question');
    const sends = [
      room.send('first'),
      room.send('second'),
      room.send('the answer', { replyTo: human.id }),
      room.send('    fixed font\n    block'),
      room.send('third'),
      room.send('fourth'),
      room.send('fifth', { coalesce: false }),
    ];
    await Promise.all(sends);
    const texts = stored.map((m) => m.text);
    expect(texts).toContain('    fixed font\n    block');
    const reply = stored.find((m) => m.parentId === human.id);
    expect(reply?.text).toBe('the answer');
    expect(texts).toContain('fifth');
    expect(stored.flatMap((m) => (m === reply ? [] : m.text.split('\n')))).toEqual(['first', 'second', '    fixed font', '    block', 'third', 'fourth', 'fifth']);

    await t.client!.close();
    await t.emu!.stop();
    const off = await setUp(false);
    await Promise.all(['a', 'b', 'c', 'd'].map((t) => off.room.send(t)));
    expect(off.stored.map((m) => m.text)).toEqual(['a', 'b', 'c', 'd']);
  });
});
