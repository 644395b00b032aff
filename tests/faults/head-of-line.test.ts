/**
 * Issue #12, item 7: completing cut-off messages (`?plain=true`) happened one at a time before any
 * later event was delivered, for stars and edits too: three slow fetches delayed an unrelated
 * `@TestBot alive` by 24 s. Now completions run concurrently (bounded), only for events whose text
 * matters, and hold back only the later events of their own room, whose order is kept.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ChatEmulator } from '@botpy/emulator';
import { MessagePostedEvent, MessageStarredEvent, type ChatClient, type ChatEvent } from '@botpy/chat';
import { createLogSink } from './log-sink.js';
import { loginClient, startEmulator, until } from './chat-kit.js';

const PLAIN = 'GET /message/:id';
const FETCH_MS = 2_000;
const long = (tag: string) => Array.from({ length: 8 }, (_, i) => `${tag} line ${i} of a long multi-line message`).join('\n');

describe('completing cut-off messages does not hold back other events', () => {
  const sink = createLogSink('head-of-line');
  let emu: ChatEmulator | undefined;
  let client: ChatClient | undefined;
  afterEach(async () => {
    await client?.close();
    await emu?.stop();
    client = emu = undefined;
  });

  it('three slow completions in room 1: room 2 is not delayed, room 1 keeps its order, the three run at once', async () => {
    emu = await startEmulator({ partialAfterChars: 100 });
    emu.world.addRoom({ id: 2, name: 'Second room', owners: [] });
    client = await loginClient(emu, sink.logger);
    await client.joinRoom(1);
    await client.joinRoom(2);
    await until('the socket to open', () => client!.stats.socketState === 'open');
    const arrived = new Map<number, { at: number; ev: ChatEvent }>();
    const order: number[] = [];
    client.on('event', (ev) => {
      if (!(ev instanceof MessagePostedEvent)) return;
      arrived.set(ev.messageId, { at: Date.now(), ev });
      if (ev.roomId === 1) order.push(ev.messageId);
    });
    emu.faults.delayNext(PLAIN, 3, FETCH_MS);
    const t0 = Date.now();
    const longs = ['first', 'second', 'third'].map((t) => emu!.world.post(2, 1, long(t)).id);
    const after = emu.world.post(3, 1, 'a short one after them, same room').id;
    const alive = emu.world.post(3, 2, '@TestBot alive').id;
    await until('every message', () => [...longs, after, alive].every((id) => arrived.has(id)), 15_000);

    const aliveMs = arrived.get(alive)!.at - t0;
    const roomOneMs = arrived.get(after)!.at - t0;
    console.log(JSON.stringify({ metric: 'head-of-line', slowFetches: 3, fetchMs: FETCH_MS, otherRoomDelayMs: aliveMs, sameRoomDelayMs: roomOneMs }));
    expect(aliveMs).toBeLessThan(FETCH_MS / 2); // not behind room 1's fetches
    expect(roomOneMs).toBeGreaterThanOrEqual(FETCH_MS - 100); // behind them: the room's order is kept
    expect(roomOneMs).toBeLessThan(2 * FETCH_MS); // the three ran concurrently (one at a time: ≥ 3 × FETCH_MS)
    expect(order).toEqual([...longs, after]);
    for (const [i, id] of longs.entries()) {
      const ev = arrived.get(id)!.ev as MessagePostedEvent;
      expect(ev.truncated).toBe(true);
      expect(ev.text).toBe(long(['first', 'second', 'third'][i]!));
    }
  }, 30_000);

  it('a star on a cut-off message is delivered at once, without fetching its text', async () => {
    emu = await startEmulator({ partialAfterChars: 100 });
    client = await loginClient(emu, sink.logger);
    await client.joinRoom(1);
    await until('the socket to open', () => client!.stats.socketState === 'open');
    const m = emu.world.post(2, 1, long('starred'));
    await until('the post', () => (emu!.stats.byRoute[PLAIN] ?? 0) === 1);
    const stars: number[] = [];
    client.on('event', (ev) => {
      if (ev instanceof MessageStarredEvent) stars.push(Date.now());
    });
    emu.faults.delayNext(PLAIN, 5, FETCH_MS);
    const t0 = Date.now();
    emu.world.star(3, m.id);
    await until('the star', () => stars.length === 1, 5_000);
    expect(stars[0]! - t0).toBeLessThan(FETCH_MS / 2);
    expect(emu.stats.byRoute[PLAIN]).toBe(1);
  }, 20_000);
});
