import type { BootstrapOptions, RedundaOptions } from '@botpy/core';

/** The version this bot reports to Redunda with every ping. */
export const PAIR_BOT_VERSION = '0.1.0';

/**
 * One bot, run as two (or more) instances on different machines: Redunda (redunda.sobotics.org)
 * elects the active one; the others stay on standby — connected, but ignoring commands and running
 * no tasks — and take over when the active instance stops pinging. The privileges file is synced
 * through Redunda, so grants follow the active instance.
 */
export const pairBot = {
  name: 'PairBot',
  rooms: [1],
  host: 'stackoverflow.com',
  messages: {
    startup: '{name} started (active).',
    standby: '{name} is on standby.',
    failover: '{name} took over (failover).',
  },
} satisfies BootstrapOptions;

/** A clear error for a missing or malformed setting of this example. */
export class PairConfigError extends Error {
  readonly code = 'PAIR_CONFIG';
}

/**
 * The Redunda settings from the environment: `REDUNDA_KEY` (required: the instance's key, a secret),
 * `REDUNDA_ORIGIN` (default: the real Redunda) and `REDUNDA_PING_INTERVAL` (seconds, default 30).
 */
export function redundaFromEnv(env: Record<string, string | undefined>): RedundaOptions {
  const key = env.REDUNDA_KEY?.trim();
  if (!key) throw new PairConfigError('REDUNDA_KEY is not set: give each instance its own Redunda instance key');
  const options: RedundaOptions = { key, version: PAIR_BOT_VERSION };
  if (env.REDUNDA_ORIGIN) options.origin = env.REDUNDA_ORIGIN;
  if (env.REDUNDA_PING_INTERVAL !== undefined) {
    const s = Number(env.REDUNDA_PING_INTERVAL);
    if (!(s > 0) || !Number.isFinite(s)) throw new PairConfigError(`REDUNDA_PING_INTERVAL must be a positive number of seconds, got "${env.REDUNDA_PING_INTERVAL}"`);
    options.pingInterval = s;
  }
  return options;
}
