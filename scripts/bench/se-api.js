// Stack Exchange API client and post feed, on the SE API emulator (built packages):
//  1. se_api.backoff_one_method: a backoff of 1 s on every answer of /questions while 10 callers run
//     (2 on /questions, 8 on other methods): calls/second of each, and not one violation;
//  2. se_api.hostile_minute: the emulator sets a backoff on every answer of every method for a
//     minute under 10 concurrent callers (the hostile-server test at full length; jest runs
//     a 22 s version): no violation of backoff or of the burst limit;
//  3. se_api.feed_latency: from a question posted on the emulator to the tag-watcher example's report
//     in the chat room (real chat client, real feed): over the realtime socket, and through the
//     polling fallback when the socket misses every post (poll interval 1 s).
import { performance } from 'node:perf_hooks';
import { SeApiEmulator } from '@botpy/emulator';
import { SeApi } from '@botpy/se-api';
import { createTestBot } from '@botpy/testing';
import { createLogger } from '@botpy/core';
import { metric, note, percentile, sleep } from './lib.js';

const CALLERS = 10;

const OTHER = [
  (api) => api.answers({ pagesize: 5 }).first(),
  (api) => api.comments({ pagesize: 5 }).first(),
  (api) => api.posts({ pagesize: 5 }).first(),
  (api) => api.users({ pagesize: 5 }).first(),
  (api) => api.sites({ pagesize: 5 }).first(),
  (api) => api.info(),
  (api, i) => api.questionsByIds([1011 + (i % 50)]).first(),
  (api, i) => api.usersByIds([1 + (i % 30)]).first(),
  (api) => api.searchAdvanced({ title: 'sort', pagesize: 5 }).first(),
  (api, i) => api.revisionsByIds([1011 + (i % 50)]).first(),
  (api, i) => api.answersOnQuestions([1011 + (i % 50)]).first(),
];

async function backoffOneMethod(seconds) {
  const emu = await SeApiEmulator.start({ questionsPerSite: 120 });
  try {
    const api = new SeApi({ origin: emu.origin, key: 'bench' });
    emu.faults.forceBackoff(1, '/questions');
    const end = Date.now() + seconds * 1000;
    const counts = { backoff: 0, other: 0 };
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, c) => {
        for (let i = c; Date.now() < end; i++) {
          if (c < 2) {
            await api.questions({ pagesize: 5 }).first();
            counts.backoff++;
          } else {
            await OTHER[i % OTHER.length](api, i);
            counts.other++;
          }
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const total = (counts.backoff + counts.other) / elapsed;
    const violations = emu.violations.length;
    // the other methods must keep running while one is held by its backoff (the limiter allows 25/s)
    metric('se_api.backoff_one_method.calls_per_second', total, 'calls/s', '>= 15, 0 violations', total >= 15 && violations === 0, {
      backoffMethodPerSecond: Math.round((counts.backoff / elapsed) * 100) / 100, otherMethodsPerSecond: Math.round((counts.other / elapsed) * 100) / 100,
      violations, seconds: Math.round(elapsed), backoffSeconds: 1, marginMs: 1000, callers: CALLERS,
    });
  } finally {
    await emu.stop();
  }
}

async function hostileMinute(seconds) {
  const emu = await SeApiEmulator.start({ questionsPerSite: 120 });
  try {
    const api = new SeApi({ origin: emu.origin, key: 'bench' });
    emu.faults.forceBackoff(1);
    const all = [(a) => a.questions({ pagesize: 5 }).first(), ...OTHER];
    const end = Date.now() + seconds * 1000;
    let calls = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, c) => {
        for (let i = c; Date.now() < end; i++) {
          await all[i % all.length](api, i);
          calls++;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    metric('se_api.hostile_minute.violations', emu.violations.length, 'violations', '0', emu.violations.length === 0, {
      calls, callsPerSecond: Math.round((calls / elapsed) * 100) / 100, seconds: Math.round(elapsed), methods: all.length, callers: CALLERS, backoffOnEveryAnswer: 1,
    });
  } finally {
    await emu.stop();
  }
}

async function feedLatency(posts) {
  const { tagWatcherBot } = await import('../../examples/tag-watcher/dist/bot.js');
  const bot = await createTestBot({ ...tagWatcherBot, seEmulator: { questionsPerSite: 30 }, seApi: { pollInterval: 1, pollDelay: 10 }, logger: createLogger({ level: 'silent' }), messages: { startup: null } });
  try {
    for (const mode of ['socket', 'poll']) {
      bot.se.faults.socketSkipEvery = mode === 'poll' ? 1 : 0;
      const latencies = [];
      for (let i = 0; i < posts; i++) {
        const t0 = performance.now();
        await bot.postQuestion({ title: `Bench question ${mode} ${i}`, tags: ['typescript'] }, { timeoutMs: 10_000 });
        latencies.push(performance.now() - t0);
        await sleep(mode === 'poll' ? 50 : 100);
      }
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      const target = mode === 'socket' ? 300 : 2500;
      metric(`se_api.feed_latency.${mode}_p50`, p50, 'ms', mode === 'socket' ? '< 300' : '< 2500 (poll interval 1 s)', p50 < target, { posts, p99: Math.round(p99), max: Math.round(Math.max(...latencies)) });
    }
  } finally {
    await bot.stop();
  }
}

export async function benchSeApi() {
  const backoffSeconds = Number(process.env.BENCH_SE_API_SECONDS ?? 20);
  note(`se-api: ${backoffSeconds} s with a 1 s backoff on /questions, ${CALLERS} callers`);
  await backoffOneMethod(backoffSeconds);
  note('se-api: the hostile minute (backoff on every answer of every method)');
  await hostileMinute(Number(process.env.BENCH_SE_API_HOSTILE_SECONDS ?? 60));
  note('se-api: feed latency, post → chat report');
  await feedLatency(30);
}
