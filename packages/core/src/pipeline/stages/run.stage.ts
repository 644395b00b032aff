import { CommandContext, type CommandContextApp } from '../../commands/command-context.js';
import type { CommandManager } from '../../commands/command-manager.js';
import type { CommandRunner } from '../../commands/command-runner.js';
import { RunAbort } from '../../commands/run-abort.js';
import { RunClock } from '../../commands/run-clock.js';
import type { Conversations } from '../../conversations/conversations.js';
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
  /** The questions the bot waits on (`ctx.ask`, `ctx.confirm`). */
  readonly conversations?: Conversations;
  /** The bot's names (for answers). */
  names?(): readonly string[];
}

/** Stage 8: runs the command (a fresh instance from the app's container) with its context, timeout and abort signal. */
export function runStage(d: RunStageDeps): Stage {
  // The runs in progress, aborted together when the application stops: one listener on the stop
  // signal for all of them rather than one added and removed per command (docs/design/latency.md).
  const running = new Set<RunAbort>();
  let watched: AbortSignal | null = null;
  const watch = (stop: AbortSignal): void => {
    if (watched === stop) return;
    watched = stop;
    stop.addEventListener('abort', () => {
      for (const a of running) a.abort(stop.reason);
    }, { once: true });
  };
  // a run's abort signal is made when it is read (RunAbort); its timeout waits on the runner's shared timer
  const names = (): readonly string[] => d.names?.() ?? [];
  return {
    name: 'run',
    async run(ctx) {
      const m = ctx.message!;
      const match = ctx.match!;
      const abort = new RunAbort();
      watch(d.stopSignal());
      running.add(abort);
      // Once the run is abandoned (timeout, or the app stopped) its sends are refused, never posted late.
      const revocable = (text: string, o: SendOptions): Promise<number[]> => {
        if (!abort.aborted) return ctx.send(text, o);
        const reason = abort.reason instanceof CommandTimeoutError ? 'it did not finish within its timeout' : 'the application is stopping';
        return Promise.reject(new ContextRevokedError(match.command.name, reason, { cause: abort.reason }));
      };
      const clock = new RunClock(match.command.timeoutMs, d.runner.deadlines);
      const conversations = d.conversations;
      const cc = new CommandContext(
        {
          args: match.args, params: ctx.params, usageIndex: match.usageIndex, usage: match.usage.source, message: m, commands: d.manager, app: d.app,
          signal: () => abort.signal, repliedTo: ctx.repliedTo,
          conversation: conversations ? { conversations, names, pause: () => clock.pause() } : undefined,
        },
        revocable,
      );
      try {
        ctx.end('run', await d.runner.run(match.command, cc, abort, (text) => ctx.send(text, { replyTo: m.id }), clock));
      } finally {
        running.delete(abort);
      }
    },
  };
}
