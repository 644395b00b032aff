import type { DependencyContainer } from 'tsyringe';
import { getCommandMetadata, type CommandClass } from '../decorators/command.decorator.js';
import { getUseGuards } from '../decorators/use-guards.decorator.js';
import { ConfigError } from '../errors.js';
import type { Guard, GuardClass } from '../guards/guard.js';
import type { RegisteredCommand } from './command-manager.js';

/** A guard instance, or a guard class resolved from the container; checked. */
export function resolveGuard(g: Guard | GuardClass, container: DependencyContainer, where: string): Guard {
  const guard = typeof g === 'function' ? container.resolve(g) : g;
  if (typeof guard !== 'object' || guard === null || typeof guard.check !== 'function' || typeof guard.id !== 'string') {
    throw new ConfigError(`${where}: a guard must have an id and a check() method`);
  }
  return guard;
}

/** Reads and checks a `@Command` class's metadata (fail fast at bootstrap, naming the class). */
export function toRegisteredCommand(type: CommandClass, defaultTimeoutMs: number, container: DependencyContainer, privilegeOverride?: number | 'top'): RegisteredCommand {
  const meta = getCommandMetadata(type);
  const name = typeof type === 'function' ? type.name : String(type);
  if (!meta) throw new ConfigError(`${name} is not decorated with @Command`);
  if (typeof type.prototype?.run !== 'function') throw new ConfigError(`${name} has no run() method`);
  if (!Array.isArray(meta.usage) || meta.usage.length === 0) throw new ConfigError(`${name}: usage must be a non-empty list of patterns`);
  const privilege = privilegeOverride ?? meta.privilege ?? 0;
  if (privilege !== 'top' && !(Number.isInteger(privilege) && privilege >= 0)) throw new ConfigError(`${name}: privilege must be an integer ≥ 0 or 'top'`);
  if (meta.timeout !== undefined && !(typeof meta.timeout === 'number' && meta.timeout > 0)) throw new ConfigError(`${name}: timeout must be a positive number of seconds`);
  if (meta.rooms !== undefined && !(Array.isArray(meta.rooms) && meta.rooms.length > 0 && meta.rooms.every((r) => Number.isInteger(r) && r > 0))) {
    throw new ConfigError(`${name}: rooms must be a non-empty list of room ids`);
  }
  const cd = meta.cooldown;
  if (cd !== undefined) {
    if (!(typeof cd?.seconds === 'number' && cd.seconds > 0 && Number.isFinite(cd.seconds))) throw new ConfigError(`${name}: cooldown.seconds must be a positive number`);
    if (cd.per !== undefined && !['user', 'room', 'global'].includes(cd.per)) throw new ConfigError(`${name}: cooldown.per must be 'user', 'room' or 'global'`);
  }
  if (meta.onReplyTo !== undefined && meta.onReplyTo !== true && meta.onReplyTo !== false && meta.onReplyTo !== 'any') {
    throw new ConfigError(`${name}: onReplyTo must be true, false or 'any'`);
  }
  const guards = [...(meta.guards ?? []), ...getUseGuards(type)].map((g) => resolveGuard(g, container, name));
  return {
    name, type, usages: [...meta.usage], privilege, description: meta.description ?? '',
    timeoutMs: meta.timeout !== undefined ? meta.timeout * 1000 : defaultTimeoutMs,
    guards,
    ...(meta.rooms !== undefined ? { rooms: [...meta.rooms] } : {}),
    ...(meta.onReplyTo === true || meta.onReplyTo === 'any' ? { onReplyTo: meta.onReplyTo } : {}),
    ...(cd !== undefined ? { cooldown: { seconds: cd.seconds, per: cd.per ?? 'user' } } : {}),
  };
}
