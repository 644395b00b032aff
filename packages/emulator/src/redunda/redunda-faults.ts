/**
 * Route names used by fault injection and `stats.byRoute`, e.g. `'POST /status.json'`.
 * `'*'` in a fault matches every route.
 */
export type RedundaRoute =
  | 'POST /status.json'
  | 'GET /bots/data.json'
  | 'GET /bots/data/:name'
  | 'POST /bots/data/:name'
  | 'DELETE /bots/data/:name'
  | 'POST /events.json'
  | 'POST /bots/:bot/events/:event'
  | 'GET /bots.json'
  | 'GET /bots/:bot.json'
  | 'unmatched';

export type RedundaFault =
  | { kind: 'fail'; status: number; body?: string }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number }
  | { kind: 'destroy' }
  | { kind: 'truncate' }
  | { kind: 'slow'; ms: number };

interface Pending {
  fault: RedundaFault;
  remaining: number;
}

/** Per-route fault injection: each knob applies to the next `n` requests of that route. */
export class RedundaFaults {
  private readonly queues = new Map<string, Pending[]>();

  /** Answer the next `n` requests with `status` and an HTML page (or `body`). */
  failNext(route: RedundaRoute | '*', n: number, status: number, body?: string): void {
    this.add(route, n, { kind: 'fail', status, ...(body === undefined ? {} : { body }) });
  }
  /** Never answer the next `n` requests (the socket stays open until the client gives up or the emulator stops). */
  hangNext(route: RedundaRoute | '*', n: number): void {
    this.add(route, n, { kind: 'hang' });
  }
  /** Answer the next `n` requests normally, but only after `ms` milliseconds. */
  delayNext(route: RedundaRoute | '*', n: number, ms: number): void {
    this.add(route, n, { kind: 'delay', ms });
  }
  /** Drop the connection of the next `n` requests without any answer. */
  destroyNext(route: RedundaRoute | '*', n: number): void {
    this.add(route, n, { kind: 'destroy' });
  }
  /** Send the status, headers and half of the body of the next `n` answers, then drop the connection. */
  truncateNext(route: RedundaRoute | '*', n: number): void {
    this.add(route, n, { kind: 'truncate' });
  }
  /** Dribble the body of the next `n` answers over `ms` milliseconds. */
  slowNext(route: RedundaRoute | '*', n: number, ms: number): void {
    this.add(route, n, { kind: 'slow', ms });
  }
  /** Forget every pending fault. */
  reset(): void {
    this.queues.clear();
  }

  /** @internal Consume the fault that applies to one request of `route`, if any. */
  take(route: string): RedundaFault | undefined {
    return this.takeFrom(route) ?? this.takeFrom('*');
  }

  private takeFrom(route: string): RedundaFault | undefined {
    const queue = this.queues.get(route);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.fault;
  }

  private add(route: string, n: number, fault: RedundaFault): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`fault count must be a positive integer, got ${n}`);
    const queue = this.queues.get(route) ?? [];
    queue.push({ fault, remaining: n });
    this.queues.set(route, queue);
  }
}
