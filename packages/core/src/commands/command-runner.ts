import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { CommandTimeoutError } from '../errors.js';
import type { CommandContext } from './command-context.js';
import type { RegisteredCommand, RunningCommand } from './command-manager.js';

/** How a run ended. */
export type RunOutcome = 'ran' | 'error' | 'timeout';

/**
 * Runs commands: resolves a fresh instance from the application's container for every run (so
 * constructor dependencies are injected), tracks it as running, and turns an exception or a
 * timeout into a log line with the stack plus a short reply. Runs are concurrent.
 */
export class CommandRunner {
  private readonly active = new Map<number, RunningCommand>();
  private nextId = 1;
  readonly counters = { runs: 0, errors: 0, timeouts: 0 };

  constructor(
    private readonly container: DependencyContainer,
    private readonly logger: Logger,
    private readonly texts: { error: string; timeout: (seconds: number) => string },
  ) {}

  running(): readonly RunningCommand[] {
    return [...this.active.values()];
  }

  /** Resolves once no command is running (or after `timeoutMs`). */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  async run(command: RegisteredCommand, ctx: CommandContext, abort: AbortController): Promise<RunOutcome> {
    const id = this.nextId++;
    const m = ctx.message;
    this.active.set(id, {
      id, command: command.name, usage: ctx.usage, args: ctx.args, user: m.user, roomId: m.room.id, messageId: m.id, startedAt: Date.now(),
    });
    this.counters.runs++;
    const log = this.logger.child({ command: command.name, messageId: m.id, roomId: m.room.id, userId: m.user.id });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CommandTimeoutError(command.name, command.timeoutMs / 1000)), command.timeoutMs);
      });
      const run = (async () => {
        const instance = this.container.resolve(command.type);
        await instance.run(ctx);
      })();
      run.catch(() => undefined); // a run that fails after its timeout was already reported
      await Promise.race([run, timeout]);
      log.debug('command finished');
      return 'ran';
    } catch (err) {
      if (err instanceof CommandTimeoutError) {
        this.counters.timeouts++;
        abort.abort(err);
        log.warn({ err }, `command ${command.name} timed out after ${command.timeoutMs / 1000} s`);
        await this.safeReply(ctx, this.texts.timeout(command.timeoutMs / 1000), log);
        return 'timeout';
      }
      this.counters.errors++;
      log.error({ err }, `command ${command.name} threw`);
      await this.safeReply(ctx, this.texts.error, log);
      return 'error';
    } finally {
      clearTimeout(timer);
      this.active.delete(id);
    }
  }

  private async safeReply(ctx: CommandContext, text: string, log: Logger): Promise<void> {
    try {
      await ctx.reply(text);
    } catch (err) {
      log.error({ err }, 'could not send the error reply');
    }
  }
}
