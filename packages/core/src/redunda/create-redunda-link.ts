import { RedundaClient, RedundaService } from '@botpy/redunda';
import type { Logger } from 'pino';
import type { RedundaOptions } from '../bot-options.js';
import { ConfigError } from '../errors.js';
import type { RedundaLink } from './redunda-link.js';

/** Builds `@botpy/redunda`'s RedundaService (client + role machine + file sync) for the `redunda` bootstrap option. */
export function createRedundaLink(o: RedundaOptions, storageDir: string, defaultFiles: string[], logger: Logger): RedundaLink {
  if (typeof o.key !== 'string' || o.key.length === 0) throw new ConfigError('redunda.key is required');
  if (typeof o.version !== 'string' || o.version.length === 0) throw new ConfigError('redunda.version is required');
  const positive = (v: number | undefined, what: string) => {
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new ConfigError(`redunda.${what} must be a positive number of seconds`);
    return v === undefined ? undefined : v * 1000;
  };
  const client = new RedundaClient({ key: o.key, version: o.version, ...(o.origin ? { origin: o.origin } : {}), logger });
  return new RedundaService({
    client, dataDir: storageDir, files: [...new Set([...defaultFiles, ...(o.files ?? [])])], logger,
    eventsWhileStandby: o.eventsWhileStandby === true,
    ...(o.startupTimeout != null ? { startupTimeoutMs: positive(o.startupTimeout, 'startupTimeout') } : {}),
    pingIntervalMs: positive(o.pingInterval, 'pingInterval') ?? 30_000,
    standDownAfterMs: o.standDownAfter === undefined || o.standDownAfter === null ? null : positive(o.standDownAfter, 'standDownAfter'),
  });
}
