import type { RedundaEventData } from './redunda-client.js';

/**
 * One event fetched from Redunda, delivered once. Posting events is unauthenticated: verify
 * signatures or tokens inside `content` before acting on it.
 */
export class RedundaEvent implements RedundaEventData {
  readonly name: string;
  readonly isBroadcast: boolean;
  readonly headers: Record<string, string>;
  readonly content: string;
  /** Epoch ms (service clock) at which it was fetched. */
  readonly receivedAt: number;

  constructor(data: RedundaEventData, receivedAt: number) {
    this.name = data.name;
    this.isBroadcast = data.isBroadcast;
    this.headers = { ...data.headers };
    this.content = data.content;
    this.receivedAt = receivedAt;
  }

  /** A header by name, case-insensitively (Redunda rewrites `X-GitHub-Event` as `X-Github-Event`). */
  header(name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(this.headers)) if (k.toLowerCase() === lower) return v;
    return undefined;
  }

  /** `content` parsed as JSON (parsed on demand; throws SyntaxError for a non-JSON body). */
  json<T = unknown>(): T {
    return JSON.parse(this.content) as T;
  }
}
