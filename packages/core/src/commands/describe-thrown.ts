/** A loggable, inert description of anything a command threw. */
export interface ThrownDescription {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
}

/**
 * Describes a thrown value without trusting it: every read is guarded, so an object whose
 * properties (or prototype, or `toString`) throw when read, a revoked Proxy, `null` and
 * `undefined` all yield a description. Never throws.
 */
export function describeThrown(thrown: unknown): ThrownDescription {
  const read = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch {
      return undefined;
    }
  };
  if (thrown === null || thrown === undefined) return { type: String(thrown), message: `a command threw ${String(thrown)}` };
  if (typeof thrown !== 'object' && typeof thrown !== 'function') {
    return { type: typeof thrown, message: read(() => String(thrown)) ?? `a ${typeof thrown} value` };
  }
  const o = thrown as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const name = read(() => str(o.name)) ?? read(() => str((thrown as object).constructor?.name)) ?? 'object';
  const message = read(() => str(o.message)) ?? read(() => {
    const s = String(thrown);
    return typeof s === 'string' ? s : undefined;
  }) ?? 'an unreadable value was thrown';
  const stack = read(() => str(o.stack));
  const code = read(() => {
    const c = o.code;
    return typeof c === 'string' || typeof c === 'number' ? String(c) : undefined;
  });
  return { type: name, message, ...(stack !== undefined ? { stack } : {}), ...(code !== undefined ? { code } : {}) };
}
