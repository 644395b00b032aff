import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SeApiEmulator } from '@botpy/emulator';
import { PostFeed, SeApi, type NewPost } from '@botpy/se-api';

const POLL_MS = 1000;
const LAG_MS = 300;

let emu: SeApiEmulator;
beforeAll(async () => {
  emu = await SeApiEmulator.start({ questionsPerSite: 30, policies: { apiLagMs: LAG_MS, heartbeatMs: 300 } });
});
afterAll(async () => {
  await emu.stop();
});

const until = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
};

describe('PostFeed', () => {
  it('delivers every new post exactly once through socket drops and a socket that misses posts', async () => {
    const api = new SeApi({ origin: emu.origin, key: 'k3y' });
    const feed = new PostFeed({
      api, socketUrl: emu.socketUrl,
      subscriptions: [{ site: 'stackoverflow', tags: ['javascript', 'python'] }, { site: 'superuser' }],
      pollIntervalMs: POLL_MS, pollDelayMs: 5000,
      socket: { idleTimeoutMs: 3000, reconnectMinMs: 50, reconnectMaxMs: 300 },
    });
    const got: NewPost[] = [];
    const postedAt = new Map<string, number>();
    const consumer = (async () => {
      for await (const p of feed) got.push(p);
    })();
    await feed.ready();
    emu.faults.socketSkipEvery = 4; // the socket misses every 4th post
    const expected = new Set<string>();
    const unexpected = new Set<string>();
    const tagSets = [['javascript'], ['python', 'regex'], ['java'], ['css', 'javascript']];
    for (let i = 0; i < 48; i++) {
      const site = i % 3 === 2 ? 'superuser' : 'stackoverflow';
      const tags = tagSets[i % tagSets.length]!;
      const q = emu.postQuestion({ site, title: `Question ${i} & "more"`, tags, owner: `user ${i % 5}` });
      const key = `${site}:${q.question_id}`;
      postedAt.set(key, Date.now());
      if (site === 'superuser' || tags.some((t) => t === 'javascript' || t === 'python')) expected.add(key);
      else unexpected.add(key);
      if (i === 12 || i === 30) emu.dropSockets();
      await new Promise((r) => setTimeout(r, 90));
    }
    await until(() => got.length >= expected.size, POLL_MS + LAG_MS + 5000);
    await new Promise((r) => setTimeout(r, POLL_MS + LAG_MS + 300)); // let late duplicates show
    await feed.close();
    await consumer;

    const keys = got.map((p) => `${p.site}:${p.id}`);
    expect(new Set(keys).size).toBe(keys.length); // exactly once
    expect(new Set(keys)).toEqual(expected);
    for (const k of unexpected) expect(keys).not.toContain(k);
    // within the configured delay: a poll interval plus the API's lag (plus scheduling slack)
    for (const p of got) expect(p.seenAt - postedAt.get(`${p.site}:${p.id}`)!).toBeLessThan(POLL_MS + LAG_MS + 1000);
    expect(feed.stats.socket).toBeGreaterThan(0);
    expect(feed.stats.poll).toBeGreaterThan(0); // the skipped ones, at least
    expect(feed.stats.duplicates).toBeGreaterThan(0); // both saw most posts: dedupe worked across them
    expect(feed.realtime!.reconnects).toBeGreaterThanOrEqual(2);
    expect(got.find((p) => p.titleText.startsWith('Question 0'))?.titleText).toBe('Question 0 & "more"');
    emu.faults.socketSkipEvery = 0;
  }, 40_000);

  it('answers heartbeats, and replaces a socket that went silent', async () => {
    const feed = new PostFeed({ api: null, socketUrl: emu.socketUrl, subscriptions: [{ site: 'stackoverflow' }], socket: { idleTimeoutMs: 1000, reconnectMinMs: 50, reconnectMaxMs: 100 } });
    await feed.ready();
    await new Promise((r) => setTimeout(r, 1500)); // five heartbeats: answered, so the server keeps the socket
    expect(feed.realtime!.reconnects).toBe(0);
    emu.faults.heartbeatsPaused = true; // silence: the watchdog replaces the socket
    await until(() => feed.realtime!.reconnects > 0, 3000);
    expect(feed.realtime!.reconnects).toBeGreaterThan(0);
    emu.faults.heartbeatsPaused = false;
    const got: NewPost[] = [];
    feed.onPost((p) => got.push(p));
    await until(() => feed.realtime!.isOpen, 2000);
    const q = emu.postQuestion({ title: 'socket only', tags: ['go'] });
    await until(() => got.length > 0, 2000);
    expect(got.map((p) => p.id)).toEqual([q.question_id]);
    expect(got[0]!.source).toBe('socket');
    await feed.close();
  });
});
