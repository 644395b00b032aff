/**
 * A run's abort switch, whose AbortSignal is made only when something asks for it (`ctx.signal`,
 * `ctx.ask`). Most runs end without anyone reading their signal, and an AbortController cost
 * ≈ 12 µs on each reply's path (docs/design/latency.md). Aborting before the signal exists is
 * remembered: the signal is then made already aborted, with the same reason.
 */
export class RunAbort {
  private controller: AbortController | undefined;
  private state: { readonly reason: unknown } | undefined;

  get aborted(): boolean {
    return this.state !== undefined;
  }

  /** The reason given to `abort()` (undefined until then). */
  get reason(): unknown {
    return this.state?.reason;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.state) this.controller.abort(this.state.reason);
    }
    return this.controller.signal;
  }

  /** Aborts the run (once; later calls are ignored, as AbortController's). */
  abort(reason?: unknown): void {
    if (this.state) return;
    this.state = { reason };
    this.controller?.abort(reason);
  }
}
