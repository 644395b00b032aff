/**
 * Soak (issue #12): a real bot (the built @botpy/core and its chat client, in a process of its own:
 * `soak-bot.child.mjs`) against the emulator for a while, with the socket dropped every second,
 * chat outages (503 / connection resets / hanging requests) in turns, natural 409s and absurd ones,
 * cut-off messages, commands to answer and a background task posting every second.
 *
 * The bot's RSS and open file descriptors are read from /proc/<pid> of ITS process, so neither the
 * emulator nor jest is counted; the request rate is what the emulator received. Samples every couple
 * of seconds (JSON lines, `"metric":"soak-sample"`), then a summary (`"metric":"soak"`), and checks
 * they stay flat and bounded, every message is handled exactly once and every command answered.
 *
 * In the suite it runs ~24 s; `npm run soak` runs it for 300 s (SOAK_SECONDS).
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ChatEmulator, throttleMessage, type OutageKind } from '@botpy/emulator';
import { sleep, tempDir, until } from './chat-kit.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 24);
const SAMPLE_MS = SECONDS >= 60 ? 5_000 : 2_000;
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const BOT = { id: 100, name: 'TestBot', email: 'soakbot@example.com', password: 'soak-Pa55#word' };
const PEOPLE = [
  { id: 2, name: 'Bob' },
  { id: 3, name: 'Carol' },
];

interface Sample {
  t: number;
  /** The bot's RSS as the system sees it (V8 and malloc keep freed memory for a while: a sawtooth). */
  botRssMb: number;
  /** Its RSS right after a full garbage collection: what a leak would make grow. */
  botRssAfterGcMb: number;
  botHeapMb: number;
  /** V8's whole heap (all spaces, code included) after the GC. */
  botHeapTotalMb: number;
  botExternalMb: number;
  botFds: number;
  requestsPerSecond: number;
  socketUpgradesPerSecond: number;
  emulatorRssMb: number;
}
interface OutLine {
  t: number;
  ev: 'started' | 'handled' | 'gc-mem' | 'fatal';
  messageId?: number;
  outcome?: string;
  rssMb?: number;
  heapMb?: number;
  heapTotalMb?: number;
  externalMb?: number;
  message?: string;
}

/** VmRSS of a process, in MB (Linux /proc; -1 elsewhere). */
const rssOf = (pid: number): number => {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? -1 : Math.round(Number(kb) / 1024);
  } catch {
    return -1;
  }
};
const fdsOf = (pid: number): number => {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return -1;
  }
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
/** Least-squares slope of y over x. */
const slope = (xs: number[], ys: number[]): number => {
  const mx = mean(xs);
  const my = mean(ys);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / den;
};

describe('soak: a bot process under drops every second, outages, throttles', () => {
  let emu: ChatEmulator | undefined;
  let bot: ChildProcessWithoutNullStreams | undefined;
  let dir: string | undefined;
  const out: OutLine[] = [];
  const errLines: string[] = [];
  afterAll(async () => {
    if (bot && bot.exitCode === null) {
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise((r) => bot!.once('exit', r));
      bot.stdin.end();
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
      if (bot.exitCode === null) bot.kill('SIGKILL');
    }
    await emu?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`stays flat for ${SECONDS} s`, async () => {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core'], { cwd: repoRoot, stdio: 'pipe' });
    dir = tempDir();
    emu = await ChatEmulator.start({
      world: { users: [BOT, ...PEOPLE], rooms: [{ id: 1, name: 'Sandbox', owners: [] }] },
      policies: { throttle: { burst: 5, perSecond: 2 }, duplicateRefusal: false, partialAfterChars: 200 },
    });
    const e = emu;
    bot = spawn(process.execPath, ['--expose-gc', join(here, 'soak-bot.child.mjs')], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        BOTPY_LOG_FORMAT: 'json',
        BOTPY_LOG_LEVEL: 'warn',
        SOAK_BOT: JSON.stringify({ email: BOT.email, password: BOT.password, chatOrigin: e.origin, loginOrigin: e.loginOrigin, storageDir: join(dir, 'data') }),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const b = bot;
    let partial = '';
    b.stdout.on('data', (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n');
      partial = parts.pop()!;
      for (const l of parts) if (l) out.push(JSON.parse(l) as OutLine);
    });
    b.stderr.on('data', (d: Buffer) => {
      if (errLines.length < 2_000) errLines.push(...d.toString().split('\n').filter(Boolean));
    });
    const fatal = () => out.find((l) => l.ev === 'fatal')?.message;
    await until('the bot to start', () => out.some((l) => l.ev === 'started') || fatal() !== undefined || b.exitCode !== null, 30_000);
    expect(fatal()).toBeUndefined();
    const pid = b.pid!;
    const loginsAtStart = e.stats.passwordLogins;

    const posted = new Set<number>();
    const commands = new Map<number, string>();
    if (process.env.SOAK_DROPS !== '0') e.faults.dropSocketsEvery(1); // SOAK_DROPS=0: a comparison run without them
    const stopAt = Date.now() + SECONDS * 1000;
    const kinds: OutageKind[] = ['status', 'reset', 'hang'];
    const chaos = (async () => {
      for (let i = 0; Date.now() < stopAt; i++) {
        // people post: every 5th message long enough to be cut off, every 60th a command (0.5/s: with
        // the task's line every 2 s the bot sends 1/s, half of what the throttle lets through)
        for (let k = 0; k < 3; k++) {
          const n = i * 3 + k;
          const who = PEOPLE[k % 2]!.id;
          if (n % 60 === 7) {
            const m = e.world.post(who, 1, `@TestBot echo soak ${n}`);
            commands.set(m.id, `soak ${n}`);
            posted.add(m.id);
            continue;
          }
          const long = n % 5 === 0;
          posted.add(e.world.post(who, 1, long ? Array.from({ length: 12 }, (_, j) => `line ${j} of message ${i}.${k}`).join('\n') : `message ${i}.${k}`).id);
        }
        if (i % 50 === 20) e.faults.failNext('POST /chats/:room/messages/new', 1, 409, throttleMessage(3600));
        if (i % 75 === 40) {
          const kind = kinds[Math.floor(i / 75) % kinds.length]!;
          e.faults.setOutage(true, kind);
          setTimeout(() => e.faults.setOutage(false), 2_000).unref();
        }
        await sleep(100);
      }
    })();

    const upgrades = (): number => Object.entries(e.stats.byRoute).reduce((n, [k, v]) => (k.includes('ws-auth') ? n + v : n), 0);
    const samples: Sample[] = [];
    const t0 = Date.now();
    let lastRequests = e.stats.requests;
    let lastUpgrades = upgrades();
    while (Date.now() < stopAt) {
      await sleep(SAMPLE_MS);
      const rawRss = rssOf(pid);
      const gcLines = out.filter((l) => l.ev === 'gc-mem').length;
      b.stdin.write('gc\n');
      await until('the bot to collect its garbage', () => out.filter((l) => l.ev === 'gc-mem').length > gcLines, 5_000);
      const gc = out.findLast((l) => l.ev === 'gc-mem')!;
      const s: Sample = {
        t: Math.round((Date.now() - t0) / 1000),
        botRssMb: rawRss,
        botRssAfterGcMb: gc.rssMb!,
        botHeapMb: gc.heapMb!,
        botHeapTotalMb: gc.heapTotalMb!,
        botExternalMb: gc.externalMb!,
        botFds: fdsOf(pid),
        requestsPerSecond: Math.round(((e.stats.requests - lastRequests) / SAMPLE_MS) * 1000),
        socketUpgradesPerSecond: Number((((upgrades() - lastUpgrades) / SAMPLE_MS) * 1000).toFixed(1)),
        emulatorRssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
      };
      lastRequests = e.stats.requests;
      lastUpgrades = upgrades();
      samples.push(s);
      console.log(JSON.stringify({ metric: 'soak-sample', ...s }));
    }
    await chaos;
    e.faults.reset();

    const handled = new Map<number, number>();
    const countHandled = () => {
      handled.clear();
      for (const l of out) if (l.ev === 'handled' && posted.has(l.messageId!)) handled.set(l.messageId!, (handled.get(l.messageId!) ?? 0) + 1);
    };
    const answered = (id: number) => e.world.transcript(1).some((m) => m.userId === BOT.id && m.parentId === id);
    await until(
      'every posted message to be handled and every command answered',
      () => (countHandled(), [...posted].every((id) => handled.has(id)) && [...commands.keys()].every(answered)),
      30_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${posted.size - handled.size} not handled, ${[...commands.keys()].filter((id) => !answered(id)).length} unanswered\n${errLines.slice(-20).join('\n')}`);
    });
    await sleep(1_000); // a second handling or answer would come within it
    countHandled();

    const third = Math.max(1, Math.floor(samples.length / 3));
    const mid = samples.slice(third, 2 * third);
    const last = samples.slice(-third);
    const steady = samples.slice(third);
    const col = (xs: Sample[], k: keyof Sample) => xs.map((s) => s[k]);
    const botAnswers = e.world.transcript(1).filter((m) => m.userId === BOT.id && m.parentId !== undefined && commands.has(m.parentId));
    const summary = {
      metric: 'soak',
      seconds: SECONDS,
      samples: samples.length,
      botRssMb: { first: samples[0]!.botRssMb, max: Math.max(...col(samples, 'botRssMb')), midMean: Math.round(mean(col(mid, 'botRssMb'))), lastMean: Math.round(mean(col(last, 'botRssMb'))), slopeMbPerMin: Number((slope(col(steady, 't'), col(steady, 'botRssMb')) * 60).toFixed(2)) },
      botRssAfterGcMb: { first: samples[0]!.botRssAfterGcMb, max: Math.max(...col(samples, 'botRssAfterGcMb')), midMean: Math.round(mean(col(mid, 'botRssAfterGcMb'))), lastMean: Math.round(mean(col(last, 'botRssAfterGcMb'))), slopeMbPerMin: Number((slope(col(steady, 't'), col(steady, 'botRssAfterGcMb')) * 60).toFixed(2)) },
      botHeapTotalMb: { first: samples[0]!.botHeapTotalMb, midMean: Math.round(mean(col(mid, 'botHeapTotalMb'))), lastMean: Math.round(mean(col(last, 'botHeapTotalMb'))) },
      botExternalMb: { midMean: Math.round(mean(col(mid, 'botExternalMb'))), lastMean: Math.round(mean(col(last, 'botExternalMb'))) },
      botHeapMb: { midMean: Number(mean(col(mid, 'botHeapMb')).toFixed(1)), lastMean: Number(mean(col(last, 'botHeapMb')).toFixed(1)), slopeMbPerMin: Number((slope(col(steady, 't'), col(steady, 'botHeapMb')) * 60).toFixed(2)) },
      botFds: { first: samples[0]!.botFds, max: Math.max(...col(samples, 'botFds')), midMax: Math.max(...col(mid, 'botFds')), lastMax: Math.max(...col(last, 'botFds')) },
      requestsPerSecond: { midMean: Math.round(mean(col(mid, 'requestsPerSecond'))), lastMean: Math.round(mean(col(last, 'requestsPerSecond'))), max: Math.max(...col(samples, 'requestsPerSecond')) },
      socketUpgradesPerSecond: { mean: Number(mean(col(steady, 'socketUpgradesPerSecond')).toFixed(2)), max: Math.max(...col(samples, 'socketUpgradesPerSecond')) },
      emulatorRssMb: { first: samples[0]!.emulatorRssMb, last: samples.at(-1)!.emulatorRssMb },
      passwordLogins: e.stats.passwordLogins - loginsAtStart,
      posted: posted.size,
      handledOnce: [...posted].filter((id) => handled.get(id) === 1).length,
      commands: commands.size,
      answers: botAnswers.length,
      botWarnLines: errLines.length,
    };
    console.log(JSON.stringify(summary));

    expect(summary.passwordLogins).toBe(0);
    expect(summary.handledOnce).toBe(summary.posted);
    expect(summary.answers).toBe(summary.commands); // each command answered exactly once
    if (process.env.SOAK_DROPS !== '0') expect(summary.socketUpgradesPerSecond.mean).toBeGreaterThan(0.25); // the drops really happened
    if (summary.botRssMb.first >= 0) {
      // what stays resident after a full GC must not grow; the raw RSS (V8 and malloc keep freed
      // pages for a while, so it saws up and down) must stay bounded
      expect(summary.botRssAfterGcMb.lastMean - summary.botRssAfterGcMb.midMean).toBeLessThan(10);
      expect(summary.botRssMb.max).toBeLessThan(summary.botRssAfterGcMb.first + 80);
      expect(summary.botFds.lastMax).toBeLessThanOrEqual(summary.botFds.midMax + 10);
    }
    expect(summary.botHeapMb.lastMean - summary.botHeapMb.midMean).toBeLessThan(10);
    // the live heap after a full GC, over the steady part: ~0.2 MB/min in 300 s runs, < 2 MB/min in the
    // 24 s one (warm-up); a leak of 10 kB per message (300 kB/s) measures ~17 MB/min and fails here
    expect(summary.botHeapMb.slopeMbPerMin).toBeLessThan(8);
    // ~30 posts/s are read through the socket; the bot's requests: 0.5 task lines/s, 0.5 answers/s, one
    // reconnect a second (ws-auth + upgrade + resume poll), completions of cut-off messages
    expect(summary.requestsPerSecond.max).toBeLessThan(60);
    expect(summary.requestsPerSecond.lastMean).toBeLessThanOrEqual(summary.requestsPerSecond.midMean * 1.5 + 5);
  }, (SECONDS + 120) * 1000);
});
