// Light load, as a chat user feels it (issue #18). One emulator in its own process, one room, two
// echo bots, each in its own process: a bare `@botpy/chat` client (~10 lines, no framework: the
// floor) and a framework bot (`bootstrap()` + one `@Command`). A third user, in this process, asks
// them in turn once every `intervalMs`; the latency of a question is the time between the question
// and its answer, both as they arrive on the asking user's websocket (the `receivedAt` stamp of the
// frame that carried each). Also: the idle RSS of each bot process 20 s after it was started (and of
// a bare `node` process, for reference).
//
// Both bots see every question (one room), as in the issue's measurement; each answers its own. The
// framework bot logs as it does by default (pino, info, JSON lines on stderr, here into a file).
//
// The run has two rounds, each with its own emulator and fresh bot processes, in which the bots join
// in opposite order. Which bot joined first matters: the emulator writes a frame to its sockets in
// the order they connected, so on this 2-core machine the first bot woken gets the idle core and the
// second waits for one (measured: the bot woken second waited 0.2–0.5 ms more per question and was
// 0.2–0.5 ms slower; docs/design/latency.md). Each round asks every bot `questions` times; the medians
// and p90s are over both rounds, and each round's figures are printed too.
//
// For investigations: BENCH_LIGHT_FRAMEWORK_BOT / BENCH_LIGHT_BARE_BOT run another script in place
// of a bot (same argv, must print "ready"), BENCH_LIGHT_LOGS=DIR keeps the bots' stderr there.
import { spawn } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatClient } from '@botpy/chat';
import { EmulatorProcess } from './emulator-process.js';
import { metric, note, percentile, sleep } from './lib.js';

const HERE = (f) => fileURLToPath(new URL(f, import.meta.url));
const ROOM = 1;
const IDLE_MS = 20_000;
const ANSWER_TIMEOUT_MS = 5_000;
const TARGET_RATIO = 1.15;
const TARGET_RSS_MB = 55;
const MB = (b) => Math.round((b / 2 ** 20) * 10) / 10;
const r3 = (v) => Math.round(v * 1000) / 1000;

const BOTS = {
  framework: { ping: '@Tes', script: process.env.BENCH_LIGHT_FRAMEWORK_BOT ?? HERE('light-framework-bot.js') },
  bare: { ping: '@Bare', script: process.env.BENCH_LIGHT_BARE_BOT ?? HERE('light-bare-bot.js') },
};

/** RSS of a process from /proc (Linux), split in anonymous and file-backed pages; null elsewhere. */
function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return null;
  }
}

/** CPU time on a core and time spent waiting for one (ns), of a process (Linux schedstat); null elsewhere. */
function schedOf(pid) {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { run, wait };
  } catch {
    return null;
  }
}

function procStat() {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return null;
  }
}
function stealPercent(a, b) {
  if (!a || !b) return null;
  const d = b.map((v, i) => v - a[i]);
  const total = d.reduce((x, y) => x + y, 0);
  return total > 0 ? Math.round((1000 * (d[7] ?? 0)) / total) / 10 : null;
}

/** Starts a child process; resolves once it printed "ready" (its stderr goes to `logFile`). */
function startChild(args, logFile) {
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', fd] });
  closeSync(fd);
  const startedAt = performance.now();
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready\n')) resolve(performance.now() - startedAt);
    });
    child.on('exit', (code) => reject(new Error(`${args[0]} exited (${code}) before it was ready: ${tail(logFile)}`)));
  });
  ready.catch(() => undefined);
  return { child, startedAt, ready };
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

export async function benchLight({ questions = 30, intervalMs = 1100, warmup = 2 } = {}) {
  const rounds = [];
  for (const first of ['framework', 'bare']) {
    note(`light: round ${rounds.length + 1} of 2, the ${first} bot joins first`);
    rounds.push(await oneRound({ first, questions, intervalMs, warmup }));
  }
  const pooled = {};
  for (const bot of Object.keys(BOTS)) {
    const ms = rounds.flatMap((r) => r.ms[bot]);
    const lost = rounds.reduce((n, r) => n + r.lost[bot], 0);
    const duplicates = rounds.reduce((n, r) => n + r.duplicates[bot], 0);
    pooled[bot] = { samples: ms.length, lost, duplicates, p50: percentile(ms, 50), p90: percentile(ms, 90), min: Math.min(...ms), max: Math.max(...ms) };
  }
  const byRound = rounds.map((r) => ({
    first: r.first,
    framework: { p50: r3(percentile(r.ms.framework, 50)), p90: r3(percentile(r.ms.framework, 90)), ...r.cpu.framework },
    bare: { p50: r3(percentile(r.ms.bare, 50)), p90: r3(percentile(r.ms.bare, 90)), ...r.cpu.bare },
    ratioP50: r3(percentile(r.ms.framework, 50) / percentile(r.ms.bare, 50)),
    ratioP90: r3(percentile(r.ms.framework, 90) / percentile(r.ms.bare, 90)),
    loadavgBefore: r.load0.map(r3), loadavgAfter: r.load1.map(r3), stealPercent: r.steal,
  }));
  const context = { questionsPerBot: 2 * questions, rounds: 2, intervalMs };
  for (const bot of Object.keys(BOTS)) {
    const s = pooled[bot];
    const extra = { bot, samples: s.samples, lost: s.lost, duplicates: s.duplicates, minMs: r3(s.min), maxMs: r3(s.max), ...context, byRound: byRound.map((r) => ({ first: r.first, ...r[bot] })) };
    metric(`light.${bot}.question_to_answer_p50`, s.p50, 'ms', null, null, extra);
    metric(`light.${bot}.question_to_answer_p90`, s.p90, 'ms', null, null, extra);
  }
  const f = pooled.framework;
  const b = pooled.bare;
  const lost = f.lost + b.lost + f.duplicates + b.duplicates;
  const ratio50 = f.p50 / b.p50;
  const ratio90 = f.p90 / b.p90;
  const perRound = (k) => byRound.map((r) => ({ first: r.first, ratio: r[k] }));
  metric('light.ratio_p50', ratio50, 'x', `<= ${TARGET_RATIO}`, ratio50 <= TARGET_RATIO && lost === 0, { framework: r3(f.p50), bare: r3(b.p50), ...context, byRound: perRound('ratioP50') });
  metric('light.ratio_p90', ratio90, 'x', `<= ${TARGET_RATIO}`, ratio90 <= TARGET_RATIO && lost === 0, { framework: r3(f.p90), bare: r3(b.p90), ...context, byRound: perRound('ratioP90') });
  metric('light.answers_lost_or_duplicated', lost, 'questions', '0', lost === 0, { of: rounds.reduce((n, r) => n + r.asked, 0) });
  // idle RSS: the larger of the two rounds' readings (each a fresh process)
  const rss = {};
  for (const k of ['framework', 'bare', 'node']) {
    const reads = rounds.map((r) => r.rss[k]).filter(Boolean);
    const worst = reads.length === rounds.length ? reads.reduce((a, x) => (x.rss > a.rss ? x : a)) : null;
    rss[k] = worst;
    const detail = { process: k, afterStartMs: IDLE_MS, rounds: rounds.map((r) => ({ first: r.first, rssMB: r.rss[k] ? MB(r.rss[k].rss) : null, anonMB: r.rss[k] ? MB(r.rss[k].anon) : null, fileMB: r.rss[k] ? MB(r.rss[k].file) : null, afterQuestionsMB: r.rssAfter[k] ? MB(r.rssAfter[k].rss) : null, readyMs: Math.round(r.readyMs[k]) })) };
    if (k === 'framework') metric('light.framework.idle_rss', worst ? MB(worst.rss) : NaN, 'MB', `<= ${TARGET_RSS_MB}`, worst ? MB(worst.rss) <= TARGET_RSS_MB : null, detail);
    else metric(`light.${k}.idle_rss`, worst ? MB(worst.rss) : NaN, 'MB', null, null, detail);
  }

  // the human table (stderr: stdout stays JSON lines)
  const ms2 = (v) => `${r3(v).toFixed(2).padStart(7)} ms`;
  const row = (name, s, r) => `| ${name.padEnd(32)} | ${ms2(s.p50)} | ${ms2(s.p90)} | ${r ? `${MB(r.rss).toFixed(1)} MB` : '?'} |`;
  const lines = [
    '',
    `light load: ${questions} questions per bot in each of 2 rounds (each bot joins first once), one every ${intervalMs} ms`,
    '| bot                              |   median   |    p90     | idle RSS |',
    '|---|---|---|---|',
    row('bare @botpy/chat', b, rss.bare),
    row('framework (bootstrap + @Command)', f, rss.framework),
    `| ${'ratio framework / bare'.padEnd(32)} | ${ratio50.toFixed(2).padStart(7)} ×  | ${ratio90.toFixed(2).padStart(7)} ×  | (bare node: ${rss.node ? MB(rss.node.rss).toFixed(1) : '?'} MB) |`,
    'each round (median / p90 ms; CPU per question, waiting for a core per question):',
  ];
  for (const r of byRound) {
    lines.push(`  ${r.first} joined first: bare ${r.bare.p50.toFixed(2)} / ${r.bare.p90.toFixed(2)}, framework ${r.framework.p50.toFixed(2)} / ${r.framework.p90.toFixed(2)}, ratio ${r.ratioP50.toFixed(2)} / ${r.ratioP90.toFixed(2)}; ` +
      `CPU bare ${r.bare.cpuMsPerQuestion ?? '?'} framework ${r.framework.cpuMsPerQuestion ?? '?'} ms, waiting bare ${r.bare.runQueueWaitMsPerQuestion ?? '?'} framework ${r.framework.runQueueWaitMsPerQuestion ?? '?'} ms; ` +
      `load ${r.loadavgBefore.map((x) => x.toFixed(2)).join(' ')}, steal ${r.stealPercent ?? '?'} %`);
  }
  process.stderr.write(lines.join('\n') + '\n\n');
}

/**
 * One round: an emulator, the asking user, then the bots, started one after the other (`first`
 * joins the room first), each bot's idle RSS 20 s after its start, then the questions in turn.
 */
async function oneRound({ first, questions, intervalMs, warmup }) {
  const dir = mkdtempSync(join(os.tmpdir(), 'botpy-bench-light-'));
  const emu = await EmulatorProcess.start({ rooms: 1, humans: 0, policies: { throttle: null }, users: [{ name: 'BareBot', email: 'bare@example.com', password: 'barepass' }] });
  const children = [];
  let asker;
  try {
    // the asking user joins first, so that nothing it does disturbs the bots' idle time
    asker = await ChatClient.login({ host: 'stackoverflow.com', email: 'bob@example.com', password: 'bobpass', origins: emu.origins });
    const room = await asker.joinRoom(ROOM);
    while (asker.stats.socketState !== 'open') await sleep(10);

    const args = [emu.origin, emu.loginOrigin, String(ROOM)];
    const start = {
      framework: () => startChild([BOTS.framework.script, ...args, mkdtempSync(join(dir, 'storage-'))], join(dir, 'framework.log')),
      bare: () => startChild([BOTS.bare.script, ...args], join(dir, 'bare.log')),
    };
    // one after the other: a bot is "ready" once its socket is open, so the first one is the first
    // socket the emulator writes to
    const procs = {};
    const readyMs = {};
    for (const k of first === 'framework' ? ['framework', 'bare'] : ['bare', 'framework']) {
      procs[k] = start[k]();
      children.push(procs[k].child);
      readyMs[k] = await procs[k].ready;
    }
    procs.node = startChild(['-e', 'process.stdout.write("ready\\n"); setInterval(() => {}, 1 << 30)'], join(dir, 'node.log'));
    children.push(procs.node.child);
    readyMs.node = await procs.node.ready;
    const rss = {};
    for (const [k, p] of Object.entries(procs)) {
      const wait = p.startedAt + IDLE_MS - performance.now();
      if (wait > 0) await sleep(wait);
      rss[k] = rssOf(p.child.pid);
    }
    // the questions: framework, bare, framework, … (warm-up ones first, not counted)
    const total = 2 * (questions + warmup);
    const asked = []; // { i, bot, questionAt, answerAt }
    const byNumber = new Map();
    let wake = null;
    asker.on('event', (ev) => {
      if (ev.type !== 1) return;
      const hit = /echo (\d+)$/.exec(ev.text);
      const q = hit && byNumber.get(Number(hit[1]));
      if (!q) return;
      if (ev.userId === asker.userId) q.questionAt ??= ev.receivedAt;
      else if (q.answerAt === undefined) {
        q.answerAt = ev.receivedAt;
        wake?.();
      } else q.duplicates++;
    });
    note(`light: ${total} questions (${warmup} warm-up per bot), one every ${intervalMs} ms, in turn`);
    const load0 = os.loadavg();
    const stat0 = procStat();
    const sched0 = { framework: schedOf(procs.framework.child.pid), bare: schedOf(procs.bare.child.pid) };
    const t0 = performance.now();
    for (let i = 0; i < total; i++) {
      const bot = i % 2 === 0 ? 'framework' : 'bare';
      const q = { i, bot, counted: i >= 2 * warmup, questionAt: undefined, answerAt: undefined, duplicates: 0 };
      byNumber.set(i, q);
      asked.push(q);
      await room.send(`${BOTS[bot].ping} echo ${i}`);
      const deadline = performance.now() + ANSWER_TIMEOUT_MS;
      while (q.answerAt === undefined && performance.now() < deadline) {
        await new Promise((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      wake = null;
      const next = t0 + (i + 1) * intervalMs - performance.now();
      if (next > 0) await sleep(next);
    }
    const load1 = os.loadavg();
    const steal = stealPercent(stat0, procStat());
    // each bot's CPU time per question asked (its own and the other's: both see every message), and
    // the time it spent runnable but waiting for a core (the machine's load, felt by the bot)
    const cpu = {};
    for (const bot of Object.keys(BOTS)) {
      const a = sched0[bot];
      const b = schedOf(procs[bot].child.pid);
      cpu[bot] = a && b ? { cpuMsPerQuestion: r3((b.run - a.run) / 1e6 / total), runQueueWaitMsPerQuestion: r3((b.wait - a.wait) / 1e6 / total) } : {};
    }
    const rssAfter = {};
    for (const [k, p] of Object.entries(procs)) rssAfter[k] = rssOf(p.child.pid);
    const ms = {};
    const lost = {};
    const duplicates = {};
    for (const bot of Object.keys(BOTS)) {
      const qs = asked.filter((q) => q.bot === bot && q.counted);
      ms[bot] = qs.filter((q) => q.questionAt !== undefined && q.answerAt !== undefined).map((q) => q.answerAt - q.questionAt);
      lost[bot] = qs.length - ms[bot].length;
      duplicates[bot] = qs.reduce((n, q) => n + q.duplicates, 0);
    }
    return { first, ms, lost, duplicates, asked: asked.length, cpu, rss, rssAfter, readyMs, load0, load1, steal };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await asker?.close().catch(() => undefined);
    await emu.stop();
    if (process.env.BENCH_LIGHT_LOGS) for (const f of ['framework.log', 'bare.log']) cpSync(join(dir, f), join(process.env.BENCH_LIGHT_LOGS, `${first}-first.${f}`));
    rmSync(dir, { recursive: true, force: true });
  }
}
