import { describe, it, expect } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { ChatEmulator, type EmuMessage } from '@botpy/emulator';
import { MessagePostedEvent } from '../src/index.js';
import { login, nextEvent, startEmulator, useE2eResources } from './e2e-helpers.js';

const ROOMS = [1, 2, 3, 4, 5, 6];

function addRooms(emu: ChatEmulator): void {
  for (const id of ROOMS) if (id > 1) emu.world.addRoom({ id, name: `Room ${id}`, owners: [1] });
}

describe('the write queue with several writes in flight (e2e against the emulator)', () => {
  const t = useE2eResources();

  it('sends to several rooms in parallel (default 4 in flight) and keeps each room in order', async () => {
    t.emu = await startEmulator();
    addRooms(t.emu);
    t.client = await login(t.emu);
    const rooms = await Promise.all(ROOMS.map((id) => t.client!.joinRoom(id)));
    const sends: Promise<number>[] = [];
    for (let i = 0; i < 20; i++) for (const r of rooms) sends.push(r.send(`room ${r.id} message ${i}`));
    // four POSTs went out at once, the rest waits; backlog counts both
    expect(t.client.sendQueue.inFlight).toBe(4);
    expect(t.client.sendQueue.backlog).toBe(120);
    const ids = await Promise.all(sends);
    expect(new Set(ids).size).toBe(120);
    for (const id of ROOMS) {
      const mine = t.emu.world.transcript(id).filter((m) => m.userId === 100).map((m) => m.text);
      expect(mine).toEqual(Array.from({ length: 20 }, (_, i) => `room ${id} message ${i}`));
    }
    expect(t.client.sendQueue.backlog).toBe(0);
  });

  it('queue.concurrency 1 keeps the account strictly serial', async () => {
    t.emu = await startEmulator();
    addRooms(t.emu);
    t.client = await login(t.emu, { queue: { concurrency: 1 } });
    const rooms = await Promise.all(ROOMS.map((id) => t.client!.joinRoom(id)));
    const order: string[] = [];
    t.emu.world.on('message', (m, kind) => {
      if (kind === 'posted' && m.userId === 100) order.push(m.text);
    });
    const sends = rooms.flatMap((r) => [0, 1].map((i) => r.send(`serial ${r.id}.${i}`)));
    expect(t.client.sendQueue.inFlight).toBe(1);
    await Promise.all(sends);
    expect(order).toEqual(rooms.flatMap((r) => [0, 1].map((i) => `serial ${r.id}.${i}`)));
  });

  it('under a 409 throttle (virtual clock) sends over 6 rooms all arrive, each room in order, only stated waits, no 409 reaches the caller', async () => {
    let now = Date.now();
    t.emu = await ChatEmulator.start({ clock: { now: () => now }, policies: { throttle: { burst: 3, perSecond: 1 } } });
    addRooms(t.emu);
    const waits: number[] = [];
    t.client = await login(t.emu, {
      queue: {
        maxThrottleRetries: 100,
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
      },
    });
    const rooms = await Promise.all(ROOMS.map((id) => t.client!.joinRoom(id)));
    const accepted: { m: EmuMessage; at: number }[] = [];
    t.emu.world.on('message', (m, kind) => {
      if (kind === 'posted' && m.userId === 100) accepted.push({ m, at: now });
    });
    const t0 = now;
    const sends = rooms.flatMap((r) => [0, 1, 2].map((i) => r.send(`throttled ${r.id}.${i}`)));
    const ids = await Promise.all(sends);
    expect(ids).toHaveLength(18);
    for (const r of rooms) {
      expect(accepted.filter((a) => a.m.roomId === r.id).map((a) => a.m.text)).toEqual([0, 1, 2].map((i) => `throttled ${r.id}.${i}`));
    }
    // the bucket lets 3 through at once, then 1 a second: nothing was accepted before its token existed
    accepted.forEach((a, i) => expect(a.at - t0).toBeGreaterThanOrEqual(Math.max(0, i - 2) * 1000));
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((w) => w === 1000)).toBe(true);
    expect(t.client.stats.throttled).toBe(waits.length);
    expect(t.client.stats.sendFailures).toBe(0);
  });

  it('stamps each event with the time its frame arrived', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu);
    await t.client.joinRoom(1);
    const before = performance.timeOrigin + performance.now();
    const got = nextEvent(t.client, (e): e is MessagePostedEvent => e instanceof MessagePostedEvent && e.text === 'stamp me');
    t.emu.world.post(2, 1, 'stamp me');
    const ev = await got;
    const after = performance.timeOrigin + performance.now();
    expect(ev.receivedAt).toBeGreaterThanOrEqual(before);
    expect(ev.receivedAt).toBeLessThanOrEqual(after);
  });
});
