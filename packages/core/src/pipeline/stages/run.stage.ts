import { CommandContext, type CommandContextApp } from '../../commands/command-context.js';
import type { CommandManager } from '../../commands/command-manager.js';
import type { CommandRunner } from '../../commands/command-runner.js';
import { CommandTimeoutError, ContextRevokedError } from '../../errors.js';
import type { SendOptions } from '../../transport/chat-transport.js';
import type { Stage } from '../pipeline.js';

/** What the run stage needs from the application. */
export interface RunStageDeps {
  readonly runner: CommandRunner;
  readonly manager: CommandManager;
  readonly app: CommandContextApp;
  /** Aborted when the application stops. */
  stopSignal(): AbortSignal;
}

/** Stage 8: runs the command (a fresh instance from the app's container) with its context, timeout and abort signal. */
export function runStage(d: RunStageDeps): Stage {
  return {
    name: 'run',
    async run(ctx) {
      const m = ctx.message!;
      const match = ctx.match!;
      const abort = new AbortController();
      const stop = d.stopSignal();
      const onStop = () => abort.abort(stop.reason);
      stop.addEventListener('abort', onStop, { once: true });
      // Once the run is abandoned (timeout, or the app stopped) its sends are refused, never posted late.
      const revocable = (text: string, o: SendOptions): Promise<number[]> => {
        if (!abort.signal.aborted) return ctx.send(text, o);
        const reason = abort.signal.reason instanceof CommandTimeoutError ? 'it did not finish within its timeout' : 'the application is stopping';
        return Promise.reject(new ContextRevokedError(match.command.name, reason, { cause: abort.signal.reason }));
      };
      const cc = new CommandContext(
        { args: match.args, params: ctx.params, usageIndex: match.usageIndex, usage: match.usage.source, message: m, commands: d.manager, app: d.app, signal: abort.signal },
        revocable,
      );
      try {
        ctx.end('run', await d.runner.run(match.command, cc, abort, (text) => ctx.send(text, { replyTo: m.id })));
      } finally {
        stop.removeEventListener('abort', onStop);
      }
    },
  };
}
