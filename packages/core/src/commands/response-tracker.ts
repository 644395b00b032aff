/**
 * Collects the messages sent in response to one triggering message, so the application can tell
 * when "the command finished and everything it sent was delivered" — the signal tests wait for.
 */
export class ResponseTracker {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly sent: number[] = [];

  /** Tracks one send; the promise is returned unchanged. */
  track(send: Promise<number[]>): Promise<number[]> {
    const p = send.then((ids) => {
      this.sent.push(...ids);
      return ids;
    });
    const settled = p.catch(() => undefined);
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
    return p;
  }

  /** Resolves once every tracked send has settled, including sends started while waiting. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Ids of the messages delivered so far, in delivery order. */
  get ids(): readonly number[] {
    return this.sent;
  }
}
