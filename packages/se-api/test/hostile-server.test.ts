import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SeApiEmulator } from '@botpy/emulator';
import { QuotaExhaustedError, SeApi } from '@botpy/se-api';

// The hostile-server minute of the issue, cut to CI size: 6 s of free running plus 16 s with a
// backoff on every answer of every method (the full minute: `npm run bench -- --only se-api`).
const FREE_MS = 6_000;
const HOSTILE_MS = 16_000;
const CALLERS = 10;

let emu: SeApiEmulator;
beforeAll(async () => {
  emu = await SeApiEmulator.start({ questionsPerSite: 120 });
});
afterAll(async () => {
  await emu.stop();
});

type Call = (api: SeApi, i: number) => Promise<unknown>;
const CALLS: Call[] = [
  (api) => api.questions({ pagesize: 5 }).first(),
  (api) => api.answers({ pagesize: 5 }).first(),
  (api) => api.comments({ pagesize: 5 }).first(),
  (api) => api.posts({ pagesize: 5 }).first(),
  (api) => api.users({ pagesize: 5 }).first(),
  (api) => api.sites({ pagesize: 5 }).first(),
  (api) => api.info(),
  (api, i) => api.questionsByIds([1011 + (i % 50), 1012 + (i % 50)]).first(),
  (api, i) => api.usersByIds([1 + (i % 30)]).first(),
  (api) => api.searchAdvanced({ title: 'sort', pagesize: 5 }).first(),
  (api, i) => api.revisionsByIds([1011 + (i % 50)]).first(),
  (api, i) => api.answersOnQuestions([1011 + (i % 50)]).first(),
];

/** `CALLERS` loops calling methods in turn until `ms` passed; returns calls done per caller. */
async function hammer(api: SeApi, ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  return Promise.all(
    Array.from({ length: CALLERS }, async (_, c) => {
      let n = 0;
      for (let i = c; Date.now() < end; i++) {
        await CALLS[i % CALLS.length]!(api, i);
        n++;
      }
      return n;
    }),
  );
}

describe('the client on a hostile server', () => {
  it(`never breaks the burst limit or a backoff under ${CALLERS} concurrent callers`, async () => {
    const api = new SeApi({ origin: emu.origin, key: 'k3y', backoffMarginMs: 250 });
    emu.violations.length = 0;
    const r0 = emu.stats.requests;
    const t0 = Date.now();
    const free = await hammer(api, FREE_MS);
    const perSecond = (emu.stats.requests - r0) / ((Date.now() - t0) / 1000);
    expect(emu.violations).toEqual([]);
    // under the limit, and working (the throughput itself is measured by `npm run bench`)
    expect(perSecond).toBeGreaterThan(5);
    expect(perSecond).toBeLessThanOrEqual(25.5);
    expect(free.every((n) => n > 0)).toBe(true);

    emu.faults.forceBackoff(1); // every answer of every method says "backoff: 1"
    const r1 = emu.stats.requests;
    const hostile = await hammer(api, HOSTILE_MS);
    emu.faults.clearBackoff();
    const hostileRequests = emu.stats.requests - r1;
    expect(emu.violations).toEqual([]);
    expect(hostile.every((n) => n > 0)).toBe(true);
    // each of the 12 methods at most once per 1.25 s: about 12 × 16 / 1.25 ≈ 150 calls
    expect(hostileRequests).toBeLessThanOrEqual(CALLS.length * Math.ceil(HOSTILE_MS / 1250) + CALLS.length);
    expect(hostileRequests).toBeGreaterThan(CALLS.length * 5);
    expect(api.stats.backoffs).toBeGreaterThan(0);
  }, 60_000);

  it('stops at quota exhaustion with a clear error, sending nothing, and resumes after the rollover', async () => {
    let offset = 0;
    const clock = { now: () => Date.now() + offset };
    const small = await SeApiEmulator.start({ questionsPerSite: 5, clock, policies: { quotaWithKey: 12 } });
    try {
      const api = new SeApi({ origin: small.origin, key: 'k3y', clock });
      for (let i = 0; i < 12; i++) await api.info();
      expect(api.quotaState.remaining).toBe(0);
      const sent = small.stats.requests;
      const err = await api.info().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QuotaExhaustedError);
      expect((err as QuotaExhaustedError).code).toBe('QUOTA_EXHAUSTED');
      expect((err as Error).message).toMatch(/daily quota of 12 requests is exhausted; requests resume after \d{4}-\d\d-\d\dT00:00:00\.000Z/);
      expect(small.stats.requests).toBe(sent); // refused without a request
      offset += 86_400_000; // the next day, for both
      await api.info();
      expect(api.quotaState.remaining).toBe(11);

      // the server's own word: exhausted behind the client's back
      small.exhaustQuota();
      const err2 = await api.info().catch((e: unknown) => e);
      expect(err2).toBeInstanceOf(QuotaExhaustedError);
      expect(await api.info().catch((e: unknown) => e)).toBeInstanceOf(QuotaExhaustedError);
      offset += 86_400_000;
      await api.info();
      expect(small.violations).toEqual([]);
    } finally {
      await small.stop();
    }
  });
});
