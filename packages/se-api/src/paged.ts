import type { ApiResponse } from './types.js';

/**
 * A result that spans pages (`has_more`): iterate it with `for await` to get every item, or take
 * pages one by one. Nothing is requested until it is iterated.
 */
export class Paged<T> implements AsyncIterable<T> {
  constructor(private readonly source: () => AsyncGenerator<ApiResponse<T>>) {}

  /** Every page, in order, until `has_more` is false. */
  pages(): AsyncGenerator<ApiResponse<T>> {
    return this.source();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.source()) yield* page.items;
  }

  /** The first page only. */
  async first(): Promise<ApiResponse<T>> {
    const it = this.source();
    try {
      const r = await it.next();
      if (r.done) throw new Error('no page');
      return r.value;
    } finally {
      await it.return(undefined);
    }
  }

  /** Collects items, at most `limit` (default all). */
  async toArray(limit = Infinity): Promise<T[]> {
    const out: T[] = [];
    if (limit <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }
}
