// Issue 5's "Done when", with two real bot processes: the same bot (same chat account, same name)
// runs as instance A (Redunda priority 1) and instance B (priority 2), each a child process running
// the built @botpy/core (tests/redunda/bot-process.mjs) against a ChatEmulator and a RedundaEmulator
// of this process, over real HTTP and WebSocket. Redunda's alive window is shortened to 2 s and the
// ping interval to 0.25 s so failover happens in seconds. A reaches Redunda through a proxy that
// can hold its requests back, to order the instances' first pings after an outage.
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatEmulator, RedundaEmulator } from '@botpy/emulator';
import { GatedProxy } from './gated-proxy.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const CHILD = join(here, 'bot-process.mjs');

const PING_S = 0.25;
const WINDOW_S = 2;
const BOT_ID = 7;
const PASSWORD = 'two-processes-Pa55#word';
const BOT = { id: 100, name: 'TestBot', email: 'testbot@example.com', password: PASSWORD };
const OWNER = { id: 1, name: 'Olivia' };
const BOB = { id: 2, name: 'Bob' };
const CAROL = { id: 3, name: 'Carol' };
const UPLOAD = 'POST /bots/data/:name';
const STATUS = 'POST /status.json';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

interface OutLine {
  t: number;
  ev: 'role' | 'started' | 'fatal';
  role?: 'active' | 'standby';
  message?: string;
}

/** One bot process: its stdout lines (JSON), its stderr log lines, its exit. */
class BotProcess {
  readonly out: OutLine[] = [];
  readonly logs: string[] = [];
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<void>;

  constructor(
    readonly label: string,
    config: Record<string, unknown>,
  ) {
    this.proc = spawn(process.execPath, [CHILD], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        BOTPY_LOG_FORMAT: 'json',
        BOTPY_LOG_LEVEL: 'info',
        BOTPY_TEST_INSTANCE: JSON.stringify({ label, ...config }),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((r) =>
      this.proc.on('exit', (code, signal) => {
        this.exit = { code, signal };
        r();
      }),
    );
    lines(this.proc.stdout, (l) => {
      try {
        this.out.push(JSON.parse(l) as OutLine);
      } catch {
        this.logs.push(`(stdout) ${l}`);
      }
    });
    lines(this.proc.stderr, (l) => this.logs.push(l));
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }
  get alive(): boolean {
    return this.exit === null;
  }
  roles(): OutLine[] {
    return this.out.filter((l) => l.ev === 'role');
  }
  get role(): 'active' | 'standby' | null {
    return this.roles().at(-1)?.role ?? null;
  }
  /** Parsed JSON log lines (pino). */
  logRecords(): Record<string, unknown>[] {
    return this.logs.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }
  async started(timeoutMs = 15_000): Promise<void> {
    await until(
      `${this.label} to start`,
      () => this.out.some((l) => l.ev === 'started' || l.ev === 'fatal') || !this.alive,
      timeoutMs,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${this.tail()}`);
    });
    const fatal = this.out.find((l) => l.ev === 'fatal');
    if (fatal || !this.alive)
      throw new Error(
        `${this.label} failed to start: ${fatal?.message ?? JSON.stringify(this.exit)}\n${this.tail()}`,
      );
  }
  /** kill -9; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.alive) this.proc.kill('SIGKILL');
    await this.exited;
  }
  tail(): string {
    return this.logs.slice(-15).join('\n');
  }
}

function lines(stream: NodeJS.ReadableStream, fn: (line: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.trim()) fn(line);
    }
  });
}

describe('two bot processes with Redunda failover (issue 5)', () => {
  let chat: ChatEmulator;
  let redunda: RedundaEmulator;
  let proxyA: GatedProxy;
  let clockOffset = 0;
  let dir: string;
  let keyA: string;
  let keyB: string;
  const secrets: string[] = [PASSWORD];
  const processes: BotProcess[] = [];
  let a: BotProcess;
  let b: BotProcess;

  const spawnBot = (label: string, key: string, redundaOrigin = redunda.origin): BotProcess => {
    const p = new BotProcess(label, {
      email: BOT.email,
      password: PASSWORD,
      chatOrigin: chat.origin,
      loginOrigin: chat.loginOrigin,
      storageDir: join(dir, label),
      cookieFile: join(dir, `${label}.cookies.json`),
      redundaOrigin,
      key,
      pingInterval: PING_S,
    });
    processes.push(p);
    return p;
  };

  /** Says `text` in room 1 as `user`; returns the bot's replies to it after they stopped coming. */
  const ask = async (user: { id: number }, text: string, settleMs = 700): Promise<string[]> => {
    const posted = chat.world.post(user.id, 1, text);
    const replies = () =>
      chat.world
        .transcript(1)
        .filter((m) => m.userId === BOT.id && m.parentId === posted.id)
        .map((m) => m.text);
    await until(`an answer to "${text}"`, () => replies().length > 0, 8000);
    await sleep(settleMs); // a second instance answering would do so within this time
    return replies();
  };

  const stored = (): { grants: { userId: number; level: number }[] } | null => {
    const f = redunda.files(BOT_ID).get('privileges.json');
    return f
      ? (JSON.parse(f.data.toString('utf8')) as { grants: { userId: number; level: number }[] })
      : null;
  };
  const storedLevel = (userId: number) => stored()?.grants.find((g) => g.userId === userId)?.level ?? 0;
  const uploads = () => redunda.stats.byRoute[UPLOAD] ?? 0;
  const pingsOf = (key: string, sinceEmuTime = 0) =>
    redunda.pings().filter((p) => p.key === key && p.time >= sinceEmuTime).length;

  beforeAll(async () => {
    // the children run the built packages: build them (incremental, about a second when up to date)
    execFileSync(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core'],
      { cwd: repoRoot, stdio: 'pipe' },
    );
    dir = await mkdtemp(join(tmpdir(), 'botpy-two-processes-'));
    chat = await ChatEmulator.start({
      world: {
        users: [BOT, { ...OWNER }, { ...BOB }, { ...CAROL }],
        rooms: [{ id: 1, name: 'Sandbox', owners: [OWNER.id] }],
      },
      // one account, two instances: no per-account throttle or duplicate refusal in the way of the checks
      policies: { throttle: null, duplicateRefusal: false },
    });
    redunda = await RedundaEmulator.start({
      aliveWindowSeconds: WINDOW_S,
      clock: { now: () => Date.now() + clockOffset },
    });
    redunda.addBot({ id: BOT_ID, name: 'TestBot' });
    keyA = redunda.addInstance({ botId: BOT_ID, priority: 1, owner: 'Alice', location: 'primary' }).key;
    keyB = redunda.addInstance({ botId: BOT_ID, priority: 2, owner: 'Alice', location: 'backup' }).key;
    secrets.push(keyA, keyB);

    proxyA = await GatedProxy.start(redunda.origin);
    a = spawnBot('A', keyA, proxyA.origin);
    await a.started();
    b = spawnBot('B', keyB);
    await b.started();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await chat?.stop();
    await proxyA?.stop();
    await redunda?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('while both run, exactly one instance (the preferred one) answers', async () => {
    expect(a.role).toBe('active');
    expect(b.role).toBe('standby');
    const replies = await ask(BOB, '@TestBot alive');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^Yes, TestBot is alive \(active at Alice\/primary/);
    // both really are running and pinging
    expect(pingsOf(keyA)).toBeGreaterThan(0);
    expect(pingsOf(keyB)).toBeGreaterThan(0);
    expect(b.alive).toBe(true);
  });

  it('a grant on A is uploaded once, not every ping cycle', async () => {
    // A's start wrote the room owner's grant (roomOwnersMax) and uploaded it
    await until('the owner grant to reach Redunda', () => storedLevel(OWNER.id) === 2);
    await sleep(300);
    const before = uploads();
    const reply = await ask(OWNER, `@TestBot privilege ${BOB.id} regular`, 0);
    expect(reply).toEqual([expect.stringMatching(/^Bob \(2\) now has the regular privilege here\.$/)]);
    await until('the grant to reach Redunda', () => storedLevel(BOB.id) === 1, 6000);
    const pingsBefore = pingsOf(keyA);
    await sleep(10 * PING_S * 1000);
    expect(pingsOf(keyA) - pingsBefore).toBeGreaterThanOrEqual(5); // the cycles did run
    expect(uploads() - before).toBe(1);
  });

  it('kill -9 of the active instance: B takes over within alive window + one ping interval, with the grant', async () => {
    const killedAt = Date.now();
    await a.kill();
    expect(a.exit?.signal).toBe('SIGKILL');
    const lastPingA = Math.max(
      ...redunda
        .pings()
        .filter((p) => p.key === keyA)
        .map((p) => p.time),
    );
    await until('B to take over', () => b.role === 'active', 15_000);
    const takeoverAt = b.roles().at(-1)!.t;
    const takeoverMs = takeoverAt - killedAt;
    process.stdout.write(
      `two-processes: takeover ${takeoverMs} ms after kill -9, ${takeoverAt - lastPingA} ms after A's last ping ` +
        `(alive window ${WINDOW_S * 1000} ms + ping interval ${PING_S * 1000} ms)\n`,
    );
    // not while A was still alive for Redunda (no double active) ...
    expect(takeoverAt).toBeGreaterThanOrEqual(lastPingA + WINDOW_S * 1000);
    // ... and within the alive window + one ping interval (+ 1.5 s slack for a loaded machine)
    expect(takeoverMs).toBeLessThanOrEqual((WINDOW_S + PING_S) * 1000 + 1500);

    await until(
      "B's failover message",
      () => chat.world.transcript(1).some((m) => m.userId === BOT.id && m.text === 'B took over'),
      5000,
    );
    expect(await ask(BOB, '@TestBot amiprivileged')).toEqual([
      'You have the regular privilege (level 1) in this room.',
    ]);
    const alive = await ask(BOB, '@TestBot alive');
    expect(alive).toHaveLength(1);
    expect(alive[0]).toMatch(/active at Alice\/backup/);

    // B, now active, grants Carol: that must reach Redunda (and later A)
    expect(await ask(OWNER, `@TestBot privilege ${CAROL.id} regular`, 0)).toHaveLength(1);
    await until("B's grant to reach Redunda", () => storedLevel(CAROL.id) === 1, 6000);
  });

  it("A comes back: after one ping interval exactly one instance (A) answers, with B's data", async () => {
    const bRolesBefore = b.roles().length;
    a = spawnBot('A', keyA, proxyA.origin);
    await a.started();
    expect(a.role).toBe('active');
    const aActiveAt = a.roles().at(-1)!.t;
    await until('B to stand by', () => b.role === 'standby', 5000);
    expect(b.roles()).toHaveLength(bRolesBefore + 1);
    // both were active for at most about one ping interval
    expect(b.roles().at(-1)!.t - aActiveAt).toBeLessThanOrEqual(PING_S * 1000 + 1000);
    await sleep(PING_S * 1000);

    const alive = await ask(BOB, '@TestBot alive');
    expect(alive).toHaveLength(1);
    expect(alive[0]).toMatch(/active at Alice\/primary/);
    // A downloaded B's grant before it became active
    expect(await ask(CAROL, '@TestBot amiprivileged')).toEqual([
      'You have the regular privilege (level 1) in this room.',
    ]);
    expect(await ask(BOB, '@TestBot amiprivileged')).toEqual([
      'You have the regular privilege (level 1) in this room.',
    ]);
  });

  it('a 5-minute Redunda outage (emulator clock): no crash, no role flapping, recovery afterwards', async () => {
    const rolesA = a.roles().length;
    const rolesB = b.roles().length;
    await redunda.setOutage(true);
    clockOffset += 5 * 60_000; // five minutes pass for Redunda while it is unreachable
    const backAt = Date.now() + clockOffset;
    await sleep(1500);
    // the instances keep their roles and the active one keeps answering
    const during = await ask(BOB, '@TestBot alive');
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/active at Alice\/primary/);
    await sleep(1000);
    // Redunda comes back, and B's first ping gets there before A's: A's last ping is five minutes old, so
    // Redunda tells B it is the preferred instance. An instance that trusted that at once would take
    // over and hand back a moment later (flapping).
    proxyA.hold();
    await redunda.setOutage(false);
    await until("B's first ping after the outage", () => pingsOf(keyB, backAt) >= 1, 5000);
    expect(redunda.preferredInstance(BOT_ID)).toBe(
      redunda.instanceList(BOT_ID).find((i) => i.key === keyB)!.id,
    );
    expect(pingsOf(keyA, backAt)).toBe(0);
    proxyA.release();

    await until(
      'both instances to ping again',
      () => pingsOf(keyA, backAt) >= 3 && pingsOf(keyB, backAt) >= 3,
      8000,
    );
    await sleep(4 * PING_S * 1000);
    expect(a.alive && b.alive).toBe(true);
    expect(a.roles()).toHaveLength(rolesA);
    expect(b.roles()).toHaveLength(rolesB);
    expect(a.role).toBe('active');
    expect(b.role).toBe('standby');
    // the outage was seen (not a vacuous pass), and its end too
    for (const p of [a, b]) {
      const msgs = p.logRecords().map((r) => r.msg);
      expect(msgs).toContain('redunda appears to be down; keeping the current role');
      expect(msgs).toContain('redunda is reachable again');
    }
    const after = await ask(BOB, '@TestBot alive');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/active at Alice\/primary/);
  });

  it('a bad key: one clear error with its code, no retry storm, and the instance stays out of the way', async () => {
    const other = await RedundaEmulator.start({ aliveWindowSeconds: WINDOW_S });
    try {
      other.addBot({ id: BOT_ID, name: 'TestBot' });
      other.addInstance({ botId: BOT_ID, priority: 1 });
      const badKey = randomBytes(32).toString('hex');
      secrets.push(badKey);
      const c = spawnBot('C', badKey, other.origin);
      await c.started();
      expect(c.out.find((l) => l.ev === 'started')?.role).toBe('standby'); // fail-closed: never confirmed as active
      const statusBefore = other.stats.byRoute[STATUS] ?? 0;
      const windowMs = 8 * PING_S * 1000;
      await sleep(windowMs);
      const statusPings = (other.stats.byRoute[STATUS] ?? 0) - statusBefore;
      // it keeps checking at the normal cadence (so a fixed key is noticed), not faster
      expect(statusPings).toBeGreaterThanOrEqual(3);
      expect(statusPings).toBeLessThanOrEqual(windowMs / (PING_S * 1000) + 2);
      const errors = c.logRecords().filter((r) => (r.level as number) >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        code: 'BAD_KEY',
        msg: expect.stringMatching(/rejected the instance key/),
      });
      // the running pair is not disturbed and C does not answer
      const replies = await ask(BOB, '@TestBot alive');
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatch(/active at Alice\/primary/);
      expect(c.roles()).toEqual([]);
      await c.kill();
    } finally {
      await other.stop();
    }
  });

  it('no process crashed and no output holds a secret (keys, password)', () => {
    expect(a.alive && b.alive).toBe(true);
    for (const p of processes) {
      expect(p.out.some((l) => l.ev === 'fatal')).toBe(false);
      const all = [...p.logs, ...p.out.map((l) => JSON.stringify(l))].join('\n');
      expect(p.logs.length).toBeGreaterThan(3);
      for (const s of secrets) expect(all.includes(s)).toBe(false);
    }
  });
});
