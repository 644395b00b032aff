import { describe, expect, it } from '@jest/globals';
import { SendQueue, type SendJob } from '../src/send-queue.js';
import { ThrottledError } from '../src/errors.js';

/**
 * A fake chat account: the first `throttleFirst` posts answer 409, then every post is stored.
 * Sleeps are instant and recorded.
 */
function account(throttleFirst: number) {
  const posts: { roomId: number; text: string }[] = [];
  let attempts = 0;
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  const post = async (roomId: number, text: string): Promise<number[]> => {
    await Promise.resolve();
    if (attempts++ < throttleFirst) throw new ThrottledError(2000);
    posts.push({ roomId, text });
    return [posts.length];
  };
  /** A plain message job as Room.sendAll builds it (mergeable unless told otherwise). */
  const message = (roomId: number, text: string, mergeable = true): SendJob<number[]> => ({
    roomId,
    label: `send room ${roomId}`,
    run: () => post(roomId, text),
    ...(mergeable ? { coalesce: { text, send: (t: string) => post(roomId, t) } } : {}),
  });
  return { posts, waits, sleep, post, message };
}

describe('SendQueue coalescing', () => {
  it('while throttled, merges the messages queued behind in the same room into one post, in order', async () => {
    const a = account(1);
    const q = new SendQueue({ sleep: a.sleep, coalesce: true, concurrency: 1 });
    const sent = Array.from({ length: 6 }, (_, i) => q.enqueue(a.message(1, `line ${i}`)));
    const ids = await Promise.all(sent);
    // line 0 met the 409 and is retried alone (its request was already built); the rest went as one post
    expect(a.posts).toEqual([
      { roomId: 1, text: 'line 0' },
      { roomId: 1, text: 'line 1\nline 2\nline 3\nline 4\nline 5' },
    ]);
    expect(ids).toEqual([[1], [2], [2], [2], [2], [2]]);
    expect(q.stats.coalesced).toBe(4);
    expect(q.stats.sent).toBe(6);
    expect(q.backlog).toBe(0);
    expect(a.waits).toEqual([2000]);
  });

  it('merges nothing when the account is not throttled, or when the option is off', async () => {
    const a = account(0);
    const q = new SendQueue({ sleep: a.sleep, coalesce: true, concurrency: 1 });
    await Promise.all(Array.from({ length: 4 }, (_, i) => q.enqueue(a.message(1, `m${i}`))));
    expect(a.posts.map((p) => p.text)).toEqual(['m0', 'm1', 'm2', 'm3']);

    const b = account(1);
    const off = new SendQueue({ sleep: b.sleep, concurrency: 1 });
    await Promise.all(Array.from({ length: 4 }, (_, i) => off.enqueue(b.message(1, `m${i}`))));
    expect(b.posts.map((p) => p.text)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(off.stats.coalesced).toBe(0);
  });

  it('stops at the first write that may not merge (order kept), and never mixes rooms', async () => {
    const a = account(1);
    const q = new SendQueue({ sleep: a.sleep, coalesce: true, concurrency: 1 });
    const jobs = [
      q.enqueue(a.message(1, 'a0')),
      q.enqueue(a.message(1, 'a1')),
      q.enqueue(a.message(2, 'b1')),
      q.enqueue(a.message(1, 'a2')),
      q.enqueue(a.message(1, 'edit', false)),
      q.enqueue(a.message(1, 'a3')),
      q.enqueue(a.message(2, 'b2')),
    ];
    await Promise.all(jobs);
    const room1 = a.posts.filter((p) => p.roomId === 1).map((p) => p.text);
    const room2 = a.posts.filter((p) => p.roomId === 2).map((p) => p.text);
    expect(room1).toEqual(['a0', 'a1\na2', 'edit', 'a3']);
    expect(room2).toEqual(['b1\nb2']);
  });

  it('keeps each merged post under coalesceMaxChars', async () => {
    const a = account(1);
    const q = new SendQueue({ sleep: a.sleep, coalesce: true, concurrency: 1, coalesceMaxChars: 25 });
    const texts = ['x0', 'aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc', 'dddddddddd', 'eeeeeeeeee'];
    await Promise.all(texts.map((t) => q.enqueue(a.message(1, t))));
    for (const p of a.posts) expect(p.text.length).toBeLessThanOrEqual(25);
    expect(a.posts.map((p) => p.text).join('\n')).toBe(texts.join('\n'));
    expect(a.posts.length).toBe(4); // x0 | a+b | c+d | e
  });

  it('a merged post that fails rejects every message in it', async () => {
    const q = new SendQueue({ sleep: async () => undefined, coalesce: true, concurrency: 1, maxThrottleRetries: 1 });
    const always409 = async (): Promise<number[]> => {
      await Promise.resolve();
      throw new ThrottledError(1000);
    };
    const job = (text: string): SendJob<number[]> => ({ roomId: 1, run: always409, coalesce: { text, send: always409 } });
    const results = await Promise.allSettled([q.enqueue(job('a')), q.enqueue(job('b')), q.enqueue(job('c'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(q.backlog).toBe(0);
  });
});
