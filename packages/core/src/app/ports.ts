import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { BootstrapOptions, ChatHost, PortFactoryContext } from '../bot-options.js';
import type { Coordinator } from '../coordination/coordinator.js';
import { RedundaCoordinator } from '../coordination/redunda-coordinator.js';
import { SoloCoordinator } from '../coordination/solo-coordinator.js';
import { ConfigError } from '../errors.js';
import type { RedundaLink } from '../redunda/redunda-link.js';
import { JsonFileStorage } from '../storage/json-file-storage.js';
import type { Storage as StoragePort } from '../storage/storage.js';
import { Coordinator as CoordinatorToken, RedundaService, Storage as StorageToken } from '../tokens.js';

/** The app's storage: one registered in the parent container, else the `storage` option (instance or factory), else the JSON-file store. */
export async function resolveStorage(o: BootstrapOptions, c: DependencyContainer, ctx: PortFactoryContext): Promise<StoragePort> {
  if (c.isRegistered(StorageToken, true)) return c.resolve(StorageToken);
  const s = typeof o.storage === 'function' ? await o.storage(ctx) : o.storage;
  if (s === undefined) return new JsonFileStorage({ folder: ctx.storageDir, app: ctx.scope });
  if (typeof s !== 'object' || s === null || typeof s.read !== 'function' || typeof s.update !== 'function') throw new ConfigError('storage must implement the Storage interface (read, write, delete, update, keys)');
  return s;
}

/**
 * The app's coordinator: a registered one, else the `coordinator` option, else Redunda's (with
 * the `redunda` option: the files it syncs come from the storage's `files()` plus `redunda.files`),
 * else solo. Returns Redunda's link too, for `app.redunda`.
 */
export async function resolveCoordinator(
  o: BootstrapOptions, c: DependencyContainer, ctx: PortFactoryContext & { readonly storage: StoragePort }, logger: Logger,
): Promise<{ coordinator: Coordinator; redunda: RedundaLink | null }> {
  if (o.coordinator !== undefined && o.redunda) throw new ConfigError('give either coordinator or redunda, not both (redunda is a coordinator)');
  const link = c.isRegistered(RedundaService, true)
    ? c.resolve(RedundaService)
    : o.redunda
      ? // loaded only when configured: a bot without Redunda never loads its client
        (await import('../redunda/create-redunda-link.js')).createRedundaLink(o.redunda, ctx.storageDir, (await ctx.storage.files?.()) ?? [], logger)
      : null;
  if (c.isRegistered(CoordinatorToken, true)) return { coordinator: c.resolve(CoordinatorToken), redunda: link };
  if (o.coordinator !== undefined) {
    const k = typeof o.coordinator === 'function' ? await o.coordinator(ctx) : o.coordinator;
    if (typeof k !== 'object' || k === null || typeof k.start !== 'function' || typeof k.onRoleChange !== 'function' || typeof k.mayAct !== 'function') {
      throw new ConfigError('coordinator must implement the Coordinator interface (start, stop, role, onRoleChange, mayAct, dataChanged)');
    }
    return { coordinator: k, redunda: link };
  }
  return { coordinator: link ? new RedundaCoordinator(link, logger) : new SoloCoordinator(null), redunda: link };
}

/** `<name>@<host>`: how a store scopes an app (bot name without spaces, lower case, and chat server). */
export function appScope(name: string, host: ChatHost): string {
  return `${name.replace(/\s+/g, '').toLowerCase()}@${host}`;
}
