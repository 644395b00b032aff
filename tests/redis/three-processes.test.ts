// Issue 16's "Done when", with three real bot processes (tests/redis/bot-process.mjs, the built
// @botpy/core + @botpy/redis) on one chat account, one ChatEmulator and one real redis-server
// (AOF, started here on a free port). A has priority 1, B 2, C 3; lease 2 s, renewal every 0.5 s.
// Every bot message in the transcript is attributed to the process that posted it (its label in the
// startup/standby/failover texts, or the reply ids it reports), so "exactly one answers" and "the old
// one posts nothing" are checked on what chat really received.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatEmulator } from '@botpy/emulator';
import { RedisStorage } from '@botpy/redis';
import { RedisServer } from '../../packages/redis/test/redis-server.js';
import { BotProcess, repoRoot, sleep, until } from './bot-process-handle.js';

const LEASE_S = 2;
const RENEW_S = 0.5;
const PASSWORD = 'three-processes-Pa55#word';
const BOT = { id: 100, name: 'TestBot', email: 'testbot@example.com', password: PASSWORD };
const OWNER = { id: 1, name: 'Olivia' };
const BOB = { id: 2, name: 'Bob' };
const CAROL = { id: 3, name: 'Carol' };
const DAVE = { id: 4, name: 'Dave' };
const REGULAR = 'You have the regular privilege (level 1) in this room.';

describe('three bot processes with one Redis (issue 16)', () => {
  let chat: ChatEmulator;
  let redis: RedisServer;
  let store: RedisStorage;
  let dir: string;
  const procs = new Map<string, BotProcess>();
  const all: BotProcess[] = [];
  /** Every question asked: its id, for the "never answered twice" check at the end. */
  const questions: number[] = [];

  const spawnBot = (label: string, priority: number): BotProcess => {
    const p = new BotProcess(label, {
      email: BOT.email, password: PASSWORD, chatOrigin: chat.origin, loginOrigin: chat.loginOrigin,
      storageDir: join(dir, label), cookieFile: join(dir, `${label}.cookies.json`),
      redisUrl: redis.url, priority, lease: LEASE_S, renewEvery: RENEW_S,
    });
    procs.set(label, p);
    all.push(p);
    return p;
  };
  const proc = (label: string) => procs.get(label)!;
  const botMessages = () => chat.world.transcript(1).filter((m) => m.userId === BOT.id);
  const repliesTo = (id: number) => botMessages().filter((m) => m.parentId === id);
  /** Which process posted a bot message: by its reported reply ids, or the label in a lifecycle text. */
  const author = (m: { id: number; text: string }): string | null => {
    for (const p of all) if (p.sentIds().has(m.id)) return p.label;
    const label = /^([ABC]) (started|is on standby|took over)$/.exec(m.text)?.[1];
    return label ?? null;
  };
  const dump = () => all.map((p) => `--- ${p.label} out ${JSON.stringify(p.out.slice(-8))}\n${p.logs.slice(-30).join('\n')}`).join('\n');
  const activeOnes = () => [...procs.values()].filter((p) => p.alive && p.role === 'active');

  /** Says `text` as `user`; waits for a reply, then `settleMs` more (a second answer would come within it). */
  const ask = async (user: { id: number }, text: string, settleMs = 800) => {
    const posted = chat.world.post(user.id, 1, text);
    questions.push(posted.id);
    await until(`an answer to "${text}"`, () => repliesTo(posted.id).length > 0, 10_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${dump()}`);
    });
    await sleep(settleMs);
    // the poster reports its reply ids once the message is handled: give that line a moment to arrive
    await until('the reply to be attributed', () => repliesTo(posted.id).every((m) => author(m) !== null), 3000).catch(() => undefined);
    return repliesTo(posted.id).map((m) => ({ text: m.text, by: author(m) }));
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core', 'packages/redis'], { cwd: repoRoot, stdio: 'pipe' });
    dir = await mkdtemp(join(tmpdir(), 'botpy-three-processes-'));
    redis = await RedisServer.start({ persistent: true });
    store = new RedisStorage({ url: redis.url, bot: 'testbot', server: 'stackexchange.com' }); // the app's scope: name without spaces, lower case
    chat = await ChatEmulator.start({
      world: { users: [BOT, OWNER, BOB, CAROL, DAVE], rooms: [{ id: 1, name: 'Sandbox', owners: [OWNER.id] }] },
      policies: { throttle: null, duplicateRefusal: false }, // one account, several instances
    });
    const a = spawnBot('A', 1);
    await a.started();
    await until('A to be active', () => a.role === 'active', 10_000); // a brand-new Redis: one lease of caution first
    const [b, c] = [spawnBot('B', 2), spawnBot('C', 3)];
    await Promise.all([b.started(), c.started()]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(all.map((p) => p.kill()));
    await store?.close();
    await chat?.stop();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exactly one instance (the preferred one) answers', async () => {
    expect(activeOnes().map((p) => p.label)).toEqual(['A']);
    expect([proc('B').role, proc('C').role]).toEqual(['standby', 'standby']);
    const r = await ask(BOB, '@TestBot alive');
    expect(r).toEqual([{ text: expect.stringMatching(/^Yes, TestBot is alive \(active at /), by: 'A' }]);
  });

  it('a grant on the active instance is in Redis as soon as it is acknowledged', async () => {
    const r = await ask(OWNER, `@TestBot privilege ${BOB.id} regular`, 0);
    expect(r).toEqual([{ text: 'Bob (2) now has the regular privilege here.', by: 'A' }]);
    const doc = await store.read<{ grants: { userId: number; level: number }[] }>('', 'privileges');
    expect(doc?.grants).toEqual(expect.arrayContaining([expect.objectContaining({ userId: BOB.id, level: 1 })]));
  });

  it('kill -9 of the active: B answers within lease + one renewal, with every grant made before', async () => {
    const a = proc('A');
    const b = proc('B');
    const killedAt = Date.now();
    await a.kill();
    await until('B to take over', () => b.role === 'active', 15_000);
    const took = b.roles().at(-1)!.t - killedAt;
    process.stdout.write(`three-processes: takeover ${took} ms after kill -9 (lease ${LEASE_S * 1000} ms + renewal ${RENEW_S * 1000} ms)\n`);
    expect(took).toBeLessThanOrEqual((LEASE_S + RENEW_S) * 1000 + 1000); // + 1 s for a loaded machine
    expect(proc('C').role).toBe('standby');
    await until("B's failover message", () => botMessages().some((m) => m.text === 'B took over'), 5000);
    expect(await ask(BOB, '@TestBot amiprivileged')).toEqual([{ text: REGULAR, by: 'B' }]);
    expect(await ask(OWNER, `@TestBot privilege ${CAROL.id} regular`, 0)).toEqual([{ text: 'Carol (3) now has the regular privilege here.', by: 'B' }]);
  });

  it('the killed one comes back: still exactly one answers (A again, after the handover), with B\'s grant', async () => {
    const a = spawnBot('A', 1);
    await a.started();
    // while the lease is handed back (B stands by, then releases; A takes it), questions get at most
    // one answer (one asked in the moment between B's standby and A's takeover may get none)
    const during: number[] = [];
    while (a.role !== 'active') {
      const m = chat.world.post(BOB.id, 1, '@TestBot alive');
      during.push(m.id);
      questions.push(m.id);
      await sleep(200);
      if (during.length > 60) throw new Error(`A did not get the lease back\n${dump()}`);
    }
    await sleep(1000);
    for (const id of during) expect(repliesTo(id).length).toBeLessThanOrEqual(1);
    expect(during.filter((id) => repliesTo(id).length === 1).length).toBeGreaterThanOrEqual(during.length - 2);
    expect(proc('B').role).toBe('standby');
    expect(activeOnes().map((p) => p.label)).toEqual(['A']);
    expect(await ask(CAROL, '@TestBot amiprivileged')).toEqual([{ text: REGULAR, by: 'A' }]);
  });

  it('SIGSTOP of the active longer than its lease: B takes over; after SIGCONT, A posts nothing as active', async () => {
    const a = proc('A');
    const b = proc('B');
    const slow = chat.world.post(BOB.id, 1, '@TestBot slow'); // A starts it; its reply is due 1.5 s later
    questions.push(slow.id);
    await sleep(300);
    const firstBefore = botMessages().length;
    a.pause();
    const pausedAt = Date.now();
    await until('B to take over', () => b.role === 'active', 10_000);
    expect(Date.now() - pausedAt).toBeLessThanOrEqual((LEASE_S + RENEW_S) * 1000 + 1000);
    const during = await ask(BOB, '@TestBot alive');
    expect(during).toEqual([{ text: expect.stringMatching(/active at/), by: 'B' }]);
    await sleep(Math.max(0, 2 * LEASE_S * 1000 - (Date.now() - pausedAt)));
    const bRolesBefore = b.roles().length;
    a.resume();
    const resumedAt = Date.now();
    // A wakes up past its deadline: its slow reply, its standby message and its answer to the question
    // asked while it slept must all be refused; later it gets the lease handed back (it ranks first).
    // Its last role line before the pause says 'active': wait for one written after the resume.
    await until('A to be active again', () => a.role === 'active' && a.roles().at(-1)!.t >= resumedAt, 15_000);
    await sleep(2000); // the slow reply would have been posted by now
    const since = botMessages().slice(firstBefore);
    const aActiveAgainAt = a.roles().at(-1)!.t;
    expect(b.roles().length).toBe(bRolesBefore + 1); // B handed over once
    // nothing as the active one: no reply, no answer; only its own standby notice (an announcement
    // that says it is on standby) and, once the lease was handed back, its failover notice
    const byA = since.filter((m) => author(m) === 'A' && m.text !== 'A took over' && m.text !== 'A is on standby');
    expect(byA.map((m) => m.text)).toEqual([]);
    expect(botMessages().some((m) => m.text === 'slow done by A')).toBe(false);
    expect(botMessages().filter((m) => m.text === 'A took over').length).toBeGreaterThanOrEqual(1);
    // A did see the question asked during its pause, and answered nothing
    const questionDuring = questions.at(-1)!;
    const handled = a.out.find((l) => l.ev === 'handled' && l.messageId === questionDuring);
    if (handled) expect(handled.sentIds).toEqual([]);
    expect(aActiveAgainAt).toBeGreaterThan(pausedAt);
    expect(await ask(BOB, '@TestBot alive')).toEqual([{ text: expect.stringMatching(/active at/), by: 'A' }]);
  }, 60_000);

  it('Redis restarted during traffic: never two actives, nothing acknowledged lost, recovery without a restart', async () => {
    const asked: number[] = [];
    let stop = false;
    const traffic = (async () => {
      while (!stop) {
        const m = chat.world.post(BOB.id, 1, '@TestBot alive');
        asked.push(m.id);
        questions.push(m.id);
        await sleep(250);
      }
    })();
    await sleep(500);
    const grant = chat.world.post(OWNER.id, 1, `@TestBot privilege ${DAVE.id} regular`);
    questions.push(grant.id);
    await redis.kill();
    await sleep(1000);
    await redis.restart();
    await sleep(3 * LEASE_S * 1000);
    stop = true;
    await traffic;
    await sleep(1000);
    for (const id of asked) expect(repliesTo(id).length).toBeLessThanOrEqual(1);
    expect(asked.slice(-3).map((id) => repliesTo(id).length)).toEqual([1, 1, 1]); // answering again, no restart
    await until('the grant to be answered', () => repliesTo(grant.id).length === 1, 10_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${dump()}`);
    });
    const reply = repliesTo(grant.id)[0].text;
    expect(reply).toMatch(/^(Dave \(4\) now has the regular privilege here\.|Not saved: .*)$/);
    if (reply.startsWith('Dave')) expect(await ask(DAVE, '@TestBot amiprivileged')).toEqual([{ text: REGULAR, by: expect.any(String) }]);
    expect(await ask(BOB, '@TestBot amiprivileged')).toEqual([{ text: REGULAR, by: expect.any(String) }]);
    expect(await ask(CAROL, '@TestBot amiprivileged')).toEqual([{ text: REGULAR, by: expect.any(String) }]);
  }, 60_000);

  it('Redis unreachable for 30 s during traffic: the active stands by by its deadline, nobody acts, all recover', async () => {
    const a = proc('A');
    expect(activeOnes().map((p) => p.label)).toEqual(['A']);
    redis.pause();
    const downAt = Date.now();
    let asked: number[] = [];
    try {
      const grant = chat.world.post(OWNER.id, 1, `@TestBot privilege ${DAVE.id} owner`);
      questions.push(grant.id);
      await until('A to stand by', () => a.role === 'standby', LEASE_S * 1000 + 2000);
      expect(Date.now() - downAt).toBeLessThanOrEqual(LEASE_S * 1000 + 500);
      // the grant was refused with a clear reply (never acknowledged, never silently dropped) or not answered at all
      for (const m of repliesTo(grant.id)) expect(m.text).toMatch(/^Not saved: /);
      while (Date.now() - downAt < 30_000) {
        const m = chat.world.post(BOB.id, 1, '@TestBot alive');
        asked.push(m.id);
        questions.push(m.id);
        await sleep(1000);
      }
      expect(activeOnes()).toEqual([]);
      for (const id of asked.slice(3)) expect(repliesTo(id)).toEqual([]); // nobody acts while Redis is away
    } finally {
      redis.resume();
    }
    await until('an instance to be active again', () => activeOnes().length === 1, 15_000);
    await until('A to be active again', () => a.role === 'active', 15_000);
    asked = [];
    const r = await ask(BOB, '@TestBot alive');
    expect(r).toEqual([{ text: expect.stringMatching(/active at/), by: 'A' }]);
    expect(await ask(CAROL, '@TestBot amiprivileged')).toEqual([{ text: REGULAR, by: 'A' }]);
  }, 90_000);

  it('no question was ever answered twice, no process crashed, no output holds the password', () => {
    for (const id of questions) expect(repliesTo(id).length).toBeLessThanOrEqual(1);
    for (const p of all) {
      expect(p.out.some((l) => l.ev === 'fatal')).toBe(false);
      const text = [...p.logs, ...p.out.map((l) => JSON.stringify(l))].join('\n');
      expect(text.includes(PASSWORD)).toBe(false);
    }
    expect(proc('B').alive && proc('C').alive && proc('A').alive).toBe(true);
  });
});
