/**
 * Issue #12, item 9 (network part): GET answers had no size limit (a huge page grew RSS by 232 MB
 * within 3 s). Every answer, GET or POST, is capped (`maxResponseBytes`, default 8 MiB): the client
 * stops reading and fails with a clear RESPONSE_TOO_LARGE error.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ChatEmulator } from '@botpy/emulator';
import type { ChatClient } from '@botpy/chat';
import { createLogSink } from './log-sink.js';
import { loginClient, startEmulator } from './chat-kit.js';

const MB = 2 ** 20;

/** Runs `fn`, sampling RSS every 20 ms; returns its outcome and the RSS growth (MB). */
async function measured<T>(fn: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; rssGrowthMb: number; ms: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const t0 = Date.now();
  const [outcome] = await Promise.allSettled([fn()]);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { outcome: outcome!, rssGrowthMb: (peak - base) / MB, ms: Date.now() - t0 };
}

describe('answers have a size cap', () => {
  const sink = createLogSink('huge-answer');
  let emu: ChatEmulator | undefined;
  let client: ChatClient | undefined;
  afterEach(async () => {
    await client?.close();
    await emu?.stop();
    client = emu = undefined;
  });

  it.each([
    ['with Content-Length', false],
    ['chunked, no length announced', true],
  ])('a 300 MB page (%s) is refused at the default 8 MiB cap, RSS stays flat', async (_name, chunked) => {
    emu = await startEmulator();
    client = await loginClient(emu, sink.logger);
    const room = await client.joinRoom(1);
    const m = emu.world.post(2, 1, 'a message whose source comes back huge');
    emu.faults.hugeNext('GET /message/:id', 1, 300 * MB, { chunked });
    const r = await measured(() => client!.messageSource(m.id));
    console.log(JSON.stringify({ metric: 'huge-get', chunked, bodyMb: 300, rssGrowthMb: Math.round(r.rssGrowthMb), ms: r.ms }));
    expect(r.outcome.status).toBe('rejected');
    const err = (r.outcome as PromiseRejectedResult).reason as Error & { code: string; limitBytes: number };
    expect(err).toMatchObject({ name: 'ResponseTooLargeError', code: 'RESPONSE_TOO_LARGE', limitBytes: 8 * MB });
    expect(err.message).toMatch(/larger than 8388608 bytes/);
    expect(r.rssGrowthMb).toBeLessThan(60);
    // the client goes on: the next read is fine
    expect(await client.messageSource(m.id)).toBe('a message whose source comes back huge');
    expect((await room.info()).name).toBe('Sandbox');
  }, 30_000);

  it('a configured cap holds for POST answers too (the history read)', async () => {
    emu = await startEmulator();
    client = await loginClient(emu, sink.logger, { maxResponseBytes: MB });
    const room = await client.joinRoom(1);
    emu.faults.hugeNext('POST /chats/:room/events', 1, 5 * MB);
    await expect(room.history(10)).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE', limitBytes: MB });
    emu.faults.hugeNext('GET /rooms/thumbs/:room', 1, 2 * MB, { chunked: true });
    await expect(room.info()).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect((await room.history(1)).length).toBeLessThanOrEqual(1);
  }, 30_000);
});
