import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import { CommandTimeoutError, ConversationCancelledError, ConversationTimeoutError } from '../errors.js';
import type { CommandContext } from './command-context.js';
import type { RegisteredCommand, RunningCommand } from './command-manager.js';
import { describeThrown } from './describe-thrown.js';
import { RunClock } from './run-clock.js';
import { RunDeadlines } from './run-deadlines.js';
import type { ErrorLog } from '../reporting/error-log.js';

/** What the race between a run and its clock yields when the clock wins. */
const timedOut = Symbol('timeout');

/** How a run ended. */
export type RunOutcome = 'ran' | 'error' | 'timeout';

/**
 * Runs commands: resolves a fresh instance from the application's container for every run (so
 * constructor dependencies are injected), tracks it as running, and turns an exception or a
 * timeout into a log line with the stack plus a short reply. Runs are concurrent.
 *
 * At its timeout a run is abandoned: its context is revoked first (`abort`; its later replies
 * reject with ContextRevokedError and are never posted), then the timeout reply is sent through
 * `reply`, which is not revoked. Whatever a command throws (an Error, null, undefined, an object
 * whose properties throw when read) yields the error reply.
 */
export class CommandRunner {
  private readonly active = new Map<number, RunningCommand>();
  private nextId = 1;
  readonly counters = { runs: 0, errors: 0, timeouts: 0 };
  /** The running commands' timeouts, on one shared timer (RunDeadlines). */
  readonly deadlines = new RunDeadlines();

  constructor(
    private readonly container: DependencyContainer,
    private readonly logger: Logger,
    private readonly texts: { error: string; timeout: (seconds: number) => string; noAnswer?: (seconds: number) => string },
    /** Where failures and timeouts are recorded too (the `errorlogs` log). */
    private readonly errors?: ErrorLog,
  ) {}

  running(): readonly RunningCommand[] {
    return [...this.active.values()];
  }

  /** Resolves once no command is running (or after `timeoutMs`). */
  async idle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  /**
   * Runs the command. `abort` revokes `ctx` (the dispatcher wires its sends to it); `reply` answers
   * the triggering message on the runner's own behalf (timeout and error replies). `clock` is the
   * run's timeout (paused while the command waits for an answer: `ctx.ask`).
   *
   * A question the command did not catch ends the run cleanly: ConversationTimeoutError is told to
   * the user ("no answer within N s") with outcome 'timeout'; ConversationCancelledError (the app
   * stops) is logged, nothing is posted, outcome 'ran'.
   */
  async run(
    command: RegisteredCommand, ctx: CommandContext, abort: { abort(reason?: unknown): void },
    reply: (text: string) => Promise<unknown> = (t) => ctx.reply(t), clock: RunClock = new RunClock(command.timeoutMs, this.deadlines),
  ): Promise<RunOutcome> {
    const id = this.nextId++;
    const m = ctx.message;
    this.active.set(id, {
      id, command: command.name, usage: ctx.usage, args: ctx.args, user: m.user, roomId: m.room.id, messageId: m.id, startedAt: Date.now(),
    });
    this.counters.runs++;
    // the run's logger is made only when something is logged: a child logger per command is the
    // costliest step of a run that logs nothing (docs/design/latency.md)
    let child: Logger | undefined;
    const log = (): Logger => (child ??= this.logger.child({ command: command.name, messageId: m.id, roomId: m.room.id, userId: m.user.id }));
    try {
      const timeout = clock.expired.then(() => timedOut);
      const run = (async () => {
        const instance = this.container.resolve(command.type);
        await instance.run(ctx);
      })();
      run.catch(() => undefined); // a run that fails after its timeout was already reported
      if ((await Promise.race([run, timeout])) === timedOut) {
        const err = new CommandTimeoutError(command.name, command.timeoutMs / 1000);
        this.counters.timeouts++;
        abort.abort(err); // revokes the context before anything else can be posted
        log().warn({ err }, `command ${command.name} timed out after ${command.timeoutMs / 1000} s`);
        this.errors?.record('command', command.name, err);
        await this.safeReply(reply, this.texts.timeout(command.timeoutMs / 1000), log);
        return 'timeout';
      }
      if (this.logger.isLevelEnabled?.('debug') ?? true) log().debug('command finished');
      return 'ran';
    } catch (thrown) {
      if (isA(thrown, ConversationTimeoutError)) {
        log().info(`command ${command.name}: its question got no answer within ${thrown.seconds} s`);
        await this.safeReply(reply, this.texts.noAnswer?.(thrown.seconds) ?? `No answer within ${thrown.seconds} s: cancelled.`, log);
        return 'timeout';
      }
      if (isA(thrown, ConversationCancelledError)) {
        log().info(`command ${command.name}: its question was cancelled (${thrown.message})`);
        return 'ran';
      }
      this.counters.errors++;
      try {
        log().error({ err: describeThrown(thrown) }, `command ${command.name} threw`);
      } catch {
        // a logger that cannot write must not cost the user the error reply
      }
      this.errors?.record('command', command.name, thrown);
      await this.safeReply(reply, this.texts.error, log);
      return 'error';
    } finally {
      clock.clear();
      this.active.delete(id);
    }
  }

  private async safeReply(reply: (text: string) => Promise<unknown>, text: string, log: () => Logger): Promise<void> {
    try {
      await reply(text);
    } catch (err) {
      log().error({ err }, 'could not send the error reply');
    }
  }
}

/** `instanceof` that cannot throw (a thrown Proxy can trap even that). */
function isA<T>(x: unknown, type: new (...args: never[]) => T): x is T {
  try {
    return x instanceof type;
  } catch {
    return false;
  }
}
