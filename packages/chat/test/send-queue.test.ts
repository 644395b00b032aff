import { describe, it, expect } from '@jest/globals';
import { SendQueue } from '../src/send-queue.js';
import { ChatRequestError, ClientClosedError, RoomAccessError, SendError, ThrottledError } from '../src/errors.js';
import { classifyWrite, parseThrottleSeconds, parseNewMessage, parseActionResult } from '../src/write-response.js';

function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('SendQueue', () => {
  it('runs jobs one at a time in FIFO order and resolves each with its result', async () => {
    const q = new SendQueue();
    const order: number[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        q.enqueue({
          roomId: 1,
          run: async () => {
            concurrent++;
            maxConcurrent = Math.max(maxConcurrent, concurrent);
            await new Promise((r) => setTimeout(r, 1));
            order.push(n);
            concurrent--;
            return n * 10;
          },
        }),
      ),
    );
    expect(results).toEqual([10, 20, 30, 40]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(maxConcurrent).toBe(1);
  });

  it('puts replies first (strictly serial mode)', async () => {
    const q = new SendQueue({ concurrency: 1 });
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = q.enqueue({ roomId: 1, run: async () => { await gate; order.push('a'); } });
    const p = [
      q.enqueue({ roomId: 1, run: async () => void order.push('b') }),
      q.enqueue({ roomId: 2, priority: 'reply', run: async () => void order.push('reply') }),
      q.enqueue({ roomId: 1, run: async () => void order.push('c') }),
    ];
    expect(q.backlog).toBe(4);
    release();
    await Promise.all([first, ...p]);
    expect(order).toEqual(['a', 'reply', 'b', 'c']);
    expect(q.backlog).toBe(0);
  });

  it('waits exactly the 409 time and retries the same job; the caller never sees the 409', async () => {
    const { waits, sleep } = fakeSleep();
    const q = new SendQueue({ sleep });
    let calls = 0;
    const throttled: number[] = [];
    q.on('throttled', (ms: number) => throttled.push(ms));
    const id = await q.enqueue({
      roomId: 1,
      run: async () => {
        calls++;
        if (calls === 1) throw new ThrottledError(3000);
        if (calls === 2) throw new ThrottledError(1000);
        return 42;
      },
    });
    expect(id).toBe(42);
    expect(waits).toEqual([3000, 1000]);
    expect(throttled).toEqual([3000, 1000]);
  });

  it('gives up after the bounded number of throttles with a typed error', async () => {
    const { waits, sleep } = fakeSleep();
    const q = new SendQueue({ sleep, maxThrottleRetries: 3 });
    const p = q.enqueue({ roomId: 1, run: async () => { throw new ThrottledError(1000); } });
    await expect(p).rejects.toBeInstanceOf(SendError);
    await expect(p).rejects.toMatchObject({ code: 'THROTTLED_TOO_LONG' });
    expect(waits).toHaveLength(3);
  });

  it('retries transient failures with back-off, then rejects; final errors are not retried', async () => {
    const { waits, sleep } = fakeSleep();
    const q = new SendQueue({ sleep, maxRetries: 2, retryBaseMs: 100 });
    let n = 0;
    await expect(q.enqueue({ roomId: 1, run: async () => { n++; throw new ChatRequestError('POST x', 'boom', 500); } })).rejects.toBeInstanceOf(ChatRequestError);
    expect(n).toBe(3);
    expect(waits).toEqual([100, 200]);
    let m = 0;
    await expect(q.enqueue({ roomId: 1, run: async () => { m++; throw new RoomAccessError('no-access', 'nope'); } })).rejects.toBeInstanceOf(RoomAccessError);
    expect(m).toBe(1);
    // the queue keeps working after failures
    await expect(q.enqueue({ roomId: 1, run: async () => 'ok' })).resolves.toBe('ok');
    expect(q.stats).toMatchObject({ sent: 1, failed: 2 });
  });

  it('waits out a short room timeout', async () => {
    const { waits, sleep } = fakeSleep();
    const q = new SendQueue({ sleep });
    let n = 0;
    await expect(q.enqueue({ roomId: 1, run: async () => { if (n++ === 0) throw new RoomAccessError('timeout', 't', 58_000); return 1; } })).resolves.toBe(1);
    expect(waits).toEqual([58_000]);
  });

  it('emits drain and close() rejects what could not be sent', async () => {
    const q = new SendQueue();
    let drained = 0;
    q.on('drain', () => drained++);
    await q.enqueue({ roomId: 1, run: async () => 1 });
    expect(drained).toBe(1);
    const never = q.enqueue({ roomId: 1, run: () => new Promise(() => {}) });
    const queued = q.enqueue({ roomId: 1, run: async () => 2 });
    await q.close(20);
    await expect(queued).rejects.toBeInstanceOf(ClientClosedError);
    await expect(q.enqueue({ roomId: 1, run: async () => 3 })).rejects.toBeInstanceOf(ClientClosedError);
    void never;
  });
});

describe('write responses', () => {
  it('parses the throttle sentence, plural and singular', () => {
    expect(parseThrottleSeconds('You can perform this action again in 4 seconds.')).toBe(4);
    expect(parseThrottleSeconds('You can perform this action again in 1 second.')).toBe(1);
    expect(parseThrottleSeconds('nope')).toBeUndefined();
    expect(classifyWrite(409, 'You can perform this action again in 1 second.')).toEqual({ kind: 'throttled', retryAfterMs: 1000 });
    expect(classifyWrite(409, 'garbage')).toEqual({ kind: 'throttled', retryAfterMs: 5000 });
    expect(classifyWrite(200, '"You can perform this action again in 2 seconds"')).toEqual({ kind: 'throttled', retryAfterMs: 2000 });
  });
  it('classifies 404 sentences, frozen rooms and unexpected answers', () => {
    const r = classifyWrite(404, 'The room does not exist, or you do not have permission');
    expect(r.kind === 'refused' && r.error).toMatchObject({ code: 'ROOM_ACCESS', reason: 'no-access' });
    const t = classifyWrite(404, 'The room is in timeout, ending in 58 seconds');
    expect(t.kind === 'refused' && t.error).toMatchObject({ reason: 'timeout', retryAfterMs: 58_000 });
    const b = classifyWrite(404, 'Your account is blocked, ending in 5 hours');
    expect(b.kind === 'refused' && b.error).toMatchObject({ reason: 'blocked', retryAfterMs: 5 * 3_600_000 });
    expect(classifyWrite(200, 'This room has been frozen').kind).toBe('refused');
    expect(classifyWrite(404, '<html>not found</html>')).toEqual({ kind: 'unexpected', status: 404 });
    expect(classifyWrite(403, 'fkey')).toEqual({ kind: 'unexpected', status: 403 });
    expect(classifyWrite(200, '{"id":1,"time":2}').kind).toBe('ok');
  });
  it('reads new-message ids and action results', () => {
    expect(parseNewMessage('{"id":11832651,"time":1379406464}')).toBe(11832651);
    expect(() => parseNewMessage('{"id":null,"time":1}')).toThrow(expect.objectContaining({ code: 'DUPLICATE_MESSAGE' }));
    expect(() => parseNewMessage('<html>')).toThrow(SendError);
    expect(() => parseActionResult('edit', '"ok"')).not.toThrow();
    expect(() => parseActionResult('delete', '"This message has already been deleted."', [/already been deleted/])).not.toThrow();
    expect(() => parseActionResult('edit', '"It is too late to edit this message"')).toThrow(expect.objectContaining({ code: 'ACTION_REFUSED', reason: 'It is too late to edit this message' }));
  });
});
