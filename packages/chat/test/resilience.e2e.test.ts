import { describe, it, expect } from '@jest/globals';
import { WS_ROUTE } from '@botpy/emulator';
import { MessagePostedEvent, type ChatClient, type ChatEvent } from '../src/index.js';
import { FAST_SOCKET, login, startEmulator, waitFor, useE2eResources } from './e2e-helpers.js';

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Collects Bob's message ids as the client delivers them. */
function collect(client: ChatClient): number[] {
  const got: number[] = [];
  client.on('event', (e: ChatEvent) => {
    if (e instanceof MessagePostedEvent && e.userId === 2) got.push(e.messageId);
  });
  return got;
}

describe('socket resilience (e2e against the emulator)', () => {
  const t = useE2eResources();

  it('the socket is killed 20 times during 1000 messages: every message arrives exactly once, in order', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu, { socket: { ...FAST_SOCKET, backoff: { minMs: 5, maxMs: 50 } } });
    await t.client.joinRoom(1);
    const got = collect(t.client);
    let disconnects = 0;
    let reconnects = 0;
    t.client.on('disconnected', () => disconnects++);
    t.client.on('reconnected', () => reconnects++);
    await waitFor(() => t.client!.stats.socketState === 'open', 5_000, 'socket open');
    const posted: number[] = [];
    let kills = 0;
    for (let i = 0; i < 1000; i++) {
      posted.push(t.emu.world.post(2, 1, `stream message ${i}`).id);
      if (i % 50 === 25) {
        // alternate a clean CloudFlare close and a cut without close frame
        if (t.emu.faults.dropSockets({ closeFrame: kills % 2 === 0 }) > 0) kills++;
        else {
          await waitFor(() => t.emu!.socketCount > 0, 5_000, 'a socket to kill');
          t.emu.faults.dropSockets({ closeFrame: kills % 2 === 0 });
          kills++;
        }
      }
      if (i % 10 === 0) await tick(i % 50 === 30 ? 5 : 0);
    }
    expect(kills).toBe(20);
    await waitFor(() => got.length >= 1000, 15_000, 'all 1000 messages');
    await tick(50);
    expect(got).toEqual(posted);
    expect(t.client.stats.reconnects).toBeGreaterThanOrEqual(1);
    expect(disconnects).toBe(reconnects);
    console.log(`1000 messages, ${kills} socket kills: ${t.client.stats.reconnects} reconnects, ${t.client.stats.duplicatesDropped} duplicates dropped`);
  });

  it('a silent socket: the watchdog replaces it and nothing is lost', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu, { socket: { ...FAST_SOCKET, watchdogMs: 300, pollFallbackMs: 60_000 } });
    await t.client.joinRoom(1);
    const got = collect(t.client);
    await waitFor(() => t.client!.stats.socketState === 'open', 5_000, 'socket open');
    const posted = [t.emu.world.post(2, 1, 'before silence').id];
    await waitFor(() => got.length === 1, 2_000, 'first message');
    t.emu.faults.silence(true);
    for (let i = 0; i < 5; i++) posted.push(t.emu.world.post(2, 1, `during silence ${i}`).id);
    await waitFor(() => t.client!.stats.watchdogTrips >= 1, 3_000, 'watchdog trip');
    t.emu.faults.silence(false);
    posted.push(t.emu.world.post(2, 1, 'after silence').id);
    await waitFor(() => got.length >= posted.length, 5_000, 'catch-up');
    await tick(100);
    expect(got).toEqual(posted);
    expect(t.client.stats.socketState).toBe('open');
  });

  it('polls /events while the socket cannot connect, then returns to the socket', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu, { socket: { ...FAST_SOCKET, backoff: { minMs: 50, maxMs: 100 } } });
    await t.client.joinRoom(1);
    const got = collect(t.client);
    await waitFor(() => t.client!.stats.socketState === 'open', 5_000, 'socket open');
    t.emu.faults.failNext(WS_ROUTE, 1_000, 503);
    t.emu.faults.dropSockets({ closeFrame: false });
    await waitFor(() => t.client!.stats.socketState === 'polling', 3_000, 'polling');
    const posted = [t.emu.world.post(2, 1, 'while polling 1').id, t.emu.world.post(2, 1, 'while polling 2').id];
    await waitFor(() => got.length >= 2, 3_000, 'polled messages');
    expect(t.client.stats.polls).toBeGreaterThan(0);
    t.emu.faults.failNext(WS_ROUTE, 0, 503);
    await waitFor(() => t.client!.stats.socketState === 'open', 5_000, 'socket back');
    posted.push(t.emu.world.post(2, 1, 'socket again').id);
    await waitFor(() => got.length >= 3, 3_000, 'socket message');
    await tick(100);
    expect(got).toEqual(posted);
  });

  it('re-reads the room history after a long outage and refreshes the socket proactively, without duplicates', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu, { socket: { ...FAST_SOCKET, catchUpAfterMs: 0, refreshMs: 150 } });
    await t.client.joinRoom(1);
    const got = collect(t.client);
    await waitFor(() => t.client!.stats.socketState === 'open', 5_000, 'socket open');
    const posted: number[] = [];
    for (let i = 0; i < 10; i++) {
      posted.push(t.emu.world.post(2, 1, `msg ${i}`).id);
      if (i === 4) t.emu.faults.dropSockets({ closeFrame: false });
      await tick(40);
    }
    await waitFor(() => got.length >= 10 && t.client!.stats.proactiveRefreshes >= 1, 5_000, 'messages and a refresh');
    await tick(100);
    expect(got).toEqual(posted);
    expect(t.client.stats.catchUps).toBeGreaterThanOrEqual(1);
  });
});
