// Shared helpers of the benchmarks: metric output (one JSON object per line), statistics, a seeded PRNG.

/** Every metric printed so far (for the summary). */
export const results = [];

/**
 * Prints one metric as a JSON line: { name, value, unit, target, pass, ...extra }.
 * `target` is a human-readable bound such as "< 2000"; `pass` is null when there is no target.
 */
export function metric(name, value, unit, target, pass, extra = {}) {
  const m = { name, value: round(value), unit, target: target ?? null, pass: pass ?? null, ...extra };
  results.push(m);
  process.stdout.write(JSON.stringify(m) + '\n');
  return m;
}

/** Progress and diagnostics go to stderr, so stdout stays pure JSON lines. */
export function note(text) {
  process.stderr.write(`[bench] ${text}\n`);
}

export function round(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  return Math.abs(v) >= 100 ? Math.round(v * 10) / 10 : Math.round(v * 1000) / 1000;
}

/** The p-th percentile (0–100) of numbers, nearest-rank. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values) {
  return percentile(values, 50);
}

/** mulberry32: a small deterministic PRNG so every run sees the same corpus. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor(fn, timeoutMs, what, stepMs = 5) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}
