import { describe, it, expect, afterEach } from '@jest/globals';
import { WS_ROUTE, type ChatEmulator } from '@botpy/emulator';
import { MessagePostedEvent, type ChatClient, type ChatEvent } from '../src/index.js';
import { FAST_SOCKET, login, startEmulator, waitFor } from './e2e-helpers.js';

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
  let emu: ChatEmulator | undefined;
  let client: ChatClient | undefined;
  afterEach(async () => {
    await client?.close();
    await emu?.stop();
    client = emu = undefined;
  });

  it('the socket is killed 20 times during 1000 messages: every message arrives exactly once, in order', async () => {
    emu = await startEmulator();
    client = await login(emu, { socket: { ...FAST_SOCKET, backoff: { minMs: 5, maxMs: 50 } } });
    await client.joinRoom(1);
    const got = collect(client);
    let disconnects = 0;
    let reconnects = 0;
    client.on('disconnected', () => disconnects++);
    client.on('reconnected', () => reconnects++);
    await waitFor(() => client!.stats.socketState === 'open', 5_000, 'socket open');
    const posted: number[] = [];
    let kills = 0;
    for (let i = 0; i < 1000; i++) {
      posted.push(emu.world.post(2, 1, `stream message ${i}`).id);
      if (i % 50 === 25) {
        // alternate a clean CloudFlare close and a cut without close frame
        if (emu.faults.dropSockets({ closeFrame: kills % 2 === 0 }) > 0) kills++;
        else {
          await waitFor(() => emu!.socketCount > 0, 5_000, 'a socket to kill');
          emu.faults.dropSockets({ closeFrame: kills % 2 === 0 });
          kills++;
        }
      }
      if (i % 10 === 0) await tick(i % 50 === 30 ? 5 : 0);
    }
    expect(kills).toBe(20);
    await waitFor(() => got.length >= 1000, 15_000, 'all 1000 messages');
    await tick(50);
    expect(got).toEqual(posted);
    expect(client.stats.reconnects).toBeGreaterThanOrEqual(1);
    expect(disconnects).toBe(reconnects);
    console.log(`1000 messages, ${kills} socket kills: ${client.stats.reconnects} reconnects, ${client.stats.duplicatesDropped} duplicates dropped`);
  });

  it('a silent socket: the watchdog replaces it and nothing is lost', async () => {
    emu = await startEmulator();
    client = await login(emu, { socket: { ...FAST_SOCKET, watchdogMs: 300, pollFallbackMs: 60_000 } });
    await client.joinRoom(1);
    const got = collect(client);
    await waitFor(() => client!.stats.socketState === 'open', 5_000, 'socket open');
    const posted = [emu.world.post(2, 1, 'before silence').id];
    await waitFor(() => got.length === 1, 2_000, 'first message');
    emu.faults.silence(true);
    for (let i = 0; i < 5; i++) posted.push(emu.world.post(2, 1, `during silence ${i}`).id);
    await waitFor(() => client!.stats.watchdogTrips >= 1, 3_000, 'watchdog trip');
    emu.faults.silence(false);
    posted.push(emu.world.post(2, 1, 'after silence').id);
    await waitFor(() => got.length >= posted.length, 5_000, 'catch-up');
    await tick(100);
    expect(got).toEqual(posted);
    expect(client.stats.socketState).toBe('open');
  });

  it('polls /events while the socket cannot connect, then returns to the socket', async () => {
    emu = await startEmulator();
    client = await login(emu, { socket: { ...FAST_SOCKET, backoff: { minMs: 50, maxMs: 100 } } });
    await client.joinRoom(1);
    const got = collect(client);
    await waitFor(() => client!.stats.socketState === 'open', 5_000, 'socket open');
    emu.faults.failNext(WS_ROUTE, 1_000, 503);
    emu.faults.dropSockets({ closeFrame: false });
    await waitFor(() => client!.stats.socketState === 'polling', 3_000, 'polling');
    const posted = [emu.world.post(2, 1, 'while polling 1').id, emu.world.post(2, 1, 'while polling 2').id];
    await waitFor(() => got.length >= 2, 3_000, 'polled messages');
    expect(client.stats.polls).toBeGreaterThan(0);
    emu.faults.failNext(WS_ROUTE, 0, 503);
    await waitFor(() => client!.stats.socketState === 'open', 5_000, 'socket back');
    posted.push(emu.world.post(2, 1, 'socket again').id);
    await waitFor(() => got.length >= 3, 3_000, 'socket message');
    await tick(100);
    expect(got).toEqual(posted);
  });

  it('re-reads the room history after a long outage and refreshes the socket proactively, without duplicates', async () => {
    emu = await startEmulator();
    client = await login(emu, { socket: { ...FAST_SOCKET, catchUpAfterMs: 0, refreshMs: 150 } });
    await client.joinRoom(1);
    const got = collect(client);
    await waitFor(() => client!.stats.socketState === 'open', 5_000, 'socket open');
    const posted: number[] = [];
    for (let i = 0; i < 10; i++) {
      posted.push(emu.world.post(2, 1, `msg ${i}`).id);
      if (i === 4) emu.faults.dropSockets({ closeFrame: false });
      await tick(40);
    }
    await waitFor(() => got.length >= 10 && client!.stats.proactiveRefreshes >= 1, 5_000, 'messages and a refresh');
    await tick(100);
    expect(got).toEqual(posted);
    expect(client.stats.catchUps).toBeGreaterThanOrEqual(1);
  });
});
