/**
 * Issue #12, item 5: a socket that closes right after opening was reconnected ~100 times a second
 * (the back-off reset on the socket's first frame and the first retry was immediate). Reconnects
 * must back off for real: a socket has to stay up `stableMs` before the back-off resets, and two
 * immediate retries never follow each other. Driven through the real client and the emulator.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { WS_ROUTE, type ChatEmulator } from '@botpy/emulator';
import type { ChatClient } from '@botpy/chat';
import { createLogSink } from './log-sink.js';
import { countRequests, loginClient, logged, sleep, startEmulator, until } from './chat-kit.js';

describe('reconnects back off for real', () => {
  const sink = createLogSink('reconnect-backoff');
  let emu: ChatEmulator | undefined;
  let client: ChatClient | undefined;
  afterEach(async () => {
    await client?.close();
    await emu?.stop();
    client = emu = undefined;
  });
  const open = () => until('the socket to be open', () => client!.stats.socketState === 'open', 20_000);
  const waits = (from: number) => logged(sink.lines.slice(from), /^socket lost: reconnecting$/).map((o) => o.waitMs as number);

  it('a socket that closes right after opening: at most ~1 reconnect a second (default back-off), never two immediate retries in a row', async () => {
    emu = await startEmulator();
    client = await loginClient(emu, sink.logger); // the default socket options: back-off 1 s → 60 s, stableMs 30 s
    await client.joinRoom(1);
    await open();
    const from = sink.lines.length;
    emu.faults.closeSocketsAfter(0);
    emu.faults.dropSockets();
    const seconds = 6;
    const before = { ...emu.stats, byRoute: { ...emu.stats.byRoute } };
    await sleep(seconds * 1000);
    const upgrades = (emu.stats.byRoute[WS_ROUTE] ?? 0) - (before.byRoute[WS_ROUTE] ?? 0);
    const requests = emu.stats.requests - before.requests;
    console.log(JSON.stringify({ metric: 'reconnects-per-second', fault: 'socket closes right after opening', seconds, upgrades, perSecond: upgrades / seconds, requestsPerSecond: requests / seconds }));
    expect(upgrades / seconds).toBeLessThanOrEqual(1);
    expect(requests / seconds).toBeLessThanOrEqual(4);
    const w = waits(from);
    expect(w.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < w.length; i++) expect(w[i - 1] === 0 && w[i] === 0).toBe(false);
    expect(w.slice(1).every((ms) => ms >= 500)).toBe(true);
    // the fault ends: the client comes back by itself
    emu.faults.closeSocketsAfter(null);
    await open();
  }, 40_000);

  it('a socket that lives shorter than stableMs does not reset the back-off', async () => {
    emu = await startEmulator();
    client = await loginClient(emu, sink.logger, { socket: { backoff: { minMs: 250, maxMs: 4_000 }, stableMs: 30_000 } });
    await client.joinRoom(1);
    await open();
    const from = sink.lines.length;
    emu.faults.closeSocketsAfter(300);
    emu.faults.dropSockets();
    const upgrades = await countRequests(emu, 5_000, 'WS /events');
    console.log(JSON.stringify({ metric: 'reconnects-in-5s', fault: 'socket lives 300 ms', upgrades }));
    // without the stability rule each 300 ms socket is replaced at once: ~16 in 5 s
    expect(upgrades).toBeLessThanOrEqual(8);
    const w = waits(from);
    expect(w.slice(1).every((ms) => ms > 0)).toBe(true);
    for (let i = 2; i < w.length; i++) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]! / 2.5);
  }, 30_000);

  it('a socket that stayed up stableMs is replaced at once when dropped; the next short-lived one is not', async () => {
    emu = await startEmulator();
    client = await loginClient(emu, sink.logger, { socket: { stableMs: 300 } });
    await client.joinRoom(1);
    await open();
    const back: number[] = [];
    client.on('reconnected', () => back.push(Date.now()));
    await sleep(400);
    const t0 = Date.now();
    emu.faults.dropSockets();
    await until('the reconnection', () => back.length === 1, 5_000);
    expect(back[0]! - t0).toBeLessThan(500); // immediate: a CloudFlare restart costs nothing
    const t1 = Date.now();
    emu.faults.dropSockets();
    await until('the second reconnection', () => back.length === 2, 5_000);
    expect(back[1]! - t1).toBeGreaterThanOrEqual(450); // default back-off: ≥ 0.5 × 1 s
  }, 30_000);
});
