import { UnsupportedError } from '../errors.js';
import type { ChatCapability, ChatTransport, ChatTransportCapabilities } from './chat-transport.js';

/** True when the transport implements the optional capability. */
export function supports(transport: ChatTransport, capability: ChatCapability): boolean {
  return typeof transport[capability] === 'function';
}

/**
 * The capability's function bound to the transport, or an `UnsupportedError` (code `UNSUPPORTED`)
 * naming it when the transport does not have it. Usage: `await requireCapability(t, 'edit')(room, id, text)`.
 */
export function requireCapability<K extends ChatCapability>(transport: ChatTransport, capability: K): NonNullable<ChatTransportCapabilities[K]> {
  const fn = transport[capability];
  if (typeof fn !== 'function') throw new UnsupportedError(capability);
  return (fn as (...args: unknown[]) => unknown).bind(transport) as NonNullable<ChatTransportCapabilities[K]>;
}
