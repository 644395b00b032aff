import { createHash } from 'node:crypto';
import type { Filter, FilterSpec } from './types.js';

/**
 * Where created filters are kept between runs: any store with `read`/`write` of JSON documents by
 * namespace and key (core's `Storage` fits).
 */
export interface FilterStore {
  read<T = unknown>(namespace: string, key: string): Promise<T | undefined>;
  write(namespace: string, key: string, value: unknown): Promise<void>;
}

/** The built-in filters, which need no creation. */
export const BUILTIN_FILTERS: ReadonlySet<string> = new Set(['default', 'withbody', 'none', 'total']);

const NAMESPACE = 'se-api-filters';

export interface ResolvedFilter {
  filter: string;
  unsafe: boolean;
}

/**
 * Creates each filter once (`/filters/create`) and reuses it: filters are immutable and never expire,
 * so the string is cached in memory and, when a store is given, across runs.
 */
export class FilterRegistry {
  private readonly memory = new Map<string, Promise<ResolvedFilter>>();

  constructor(
    private readonly create: (spec: FilterSpec) => Promise<Filter>,
    private readonly store?: FilterStore,
  ) {}

  /** The canonical key of a spec (order of fields does not matter). */
  static keyOf(spec: FilterSpec): string {
    const sorted = (a?: readonly string[]) => [...(a ?? [])].sort();
    return JSON.stringify({ base: spec.base ?? 'default', include: sorted(spec.include), exclude: sorted(spec.exclude), unsafe: spec.unsafe === true });
  }

  /** The filter string for `spec`, created at most once per process and once per store. */
  resolve(spec: FilterSpec | string): Promise<ResolvedFilter> {
    if (typeof spec === 'string') return Promise.resolve({ filter: spec, unsafe: this.knownUnsafe(spec) });
    const key = FilterRegistry.keyOf(spec);
    let p = this.memory.get(key);
    if (!p) {
      p = this.load(key, spec);
      this.memory.set(key, p);
      p.catch(() => this.memory.delete(key)); // a failed creation is retried by the next call
    }
    return p;
  }

  private readonly unsafeStrings = new Set<string>();

  /** True for a filter string this registry created as unsafe. */
  knownUnsafe(filter: string): boolean {
    return this.unsafeStrings.has(filter);
  }

  private async load(key: string, spec: FilterSpec): Promise<ResolvedFilter> {
    const storeKey = `filter-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
    const stored = this.store ? await this.store.read<ResolvedFilter>(NAMESPACE, storeKey) : undefined;
    if (stored && typeof stored.filter === 'string') {
      if (stored.unsafe) this.unsafeStrings.add(stored.filter);
      return stored;
    }
    const created = await this.create(spec);
    const resolved = { filter: created.filter, unsafe: created.filter_type === 'unsafe' };
    if (resolved.unsafe) this.unsafeStrings.add(resolved.filter);
    if (this.store) await this.store.write(NAMESPACE, storeKey, resolved);
    return resolved;
  }
}
