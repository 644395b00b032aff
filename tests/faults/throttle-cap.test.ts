/**
 * Issue #12, item 2: one 409 saying "again in 3600 seconds" froze every room of the account for an
 * hour. Throttle waits are capped (`queue.maxThrottleWaitMs`; chat's real waits are seconds) and
 * an absurd one is logged. Driven through the real client and the emulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { throttleMessage, type ChatEmulator } from '@botpy/emulator';
import type { ChatClient } from '@botpy/chat';
import { createLogSink } from './log-sink.js';
import { loginClient, logged, startEmulator } from './chat-kit.js';

const SEND = 'POST /chats/:room/messages/new';

describe('an absurd throttle wait is capped', () => {
  const sink = createLogSink('throttle-cap');
  let emu: ChatEmulator | undefined;
  let client: ChatClient | undefined;
  afterEach(async () => {
    await client?.close();
    await emu?.stop();
    client = emu = undefined;
  });

  it('"again in 3600 seconds" pauses the account for the cap only, is logged, and every room goes on', async () => {
    emu = await startEmulator();
    emu.world.addRoom({ id: 2, name: 'Second room', owners: [] });
    client = await loginClient(emu, sink.logger, { queue: { maxThrottleWaitMs: 1_500 } });
    const [a, b] = [await client.joinRoom(1), await client.joinRoom(2)];
    const from = sink.lines.length;
    emu.faults.failNext(SEND, 1, 409, throttleMessage(3600));
    const t0 = Date.now();
    const first = a.send('meets the hour-long 409');
    const other = b.send('another room, queued behind the pause');
    const ids = await Promise.all([first, other]);
    const took = Date.now() - t0;
    console.log(JSON.stringify({ metric: 'throttle-freeze', statedWaitS: 3600, cappedWaitMs: 1_500, frozenMs: took }));
    expect(ids).toEqual([expect.any(Number), expect.any(Number)]);
    expect(took).toBeGreaterThanOrEqual(1_400);
    expect(took).toBeLessThan(5_000);
    const warn = logged(sink.lines.slice(from), /absurd throttle wait/);
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ level: 40, statedWaitMs: 3_600_000, waitMs: 1_500 });
  }, 20_000);

  it('the default cap is 30 s, and close() does not wait for the pause', async () => {
    emu = await startEmulator();
    client = await loginClient(emu, sink.logger, { closeTimeoutMs: 300 });
    const room = await client.joinRoom(1);
    const waits: number[] = [];
    client.sendQueue.on('throttled', (ms: number) => waits.push(ms));
    emu.faults.failNext(SEND, 1, 409, throttleMessage(3600));
    const sent = room.send('default cap');
    await new Promise((r) => setTimeout(r, 200));
    expect(waits).toEqual([30_000]);
    await client.close(); // bounded: the queue gives up the paused write
    client = undefined;
    await expect(sent).rejects.toMatchObject({ code: 'CLOSED' });
  }, 30_000);
});
