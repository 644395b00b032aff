import type { Logger } from 'pino';
import type { BotApplication } from '../bot-application.js';
import type { PrivilegeService } from '../privileges/privilege-service.js';
import type { IncomingMessage, SendOptions } from '../transport/chat-transport.js';
import { CommandTimeoutError, ContextRevokedError } from '../errors.js';
import { address } from './addressing.js';
import { CommandContext } from './command-context.js';
import type { CommandManager, RegisteredCommand } from './command-manager.js';
import type { CommandRouter } from './command-router.js';
import type { CommandRunner } from './command-runner.js';
import { ResponseTracker } from './response-tracker.js';

/** What became of one incoming message. */
export type HandledOutcome =
  | 'ran' | 'error' | 'timeout'          // a command ran (and how it ended)
  | 'refused' | 'unusable'               // privilege too low / command above every defined level
  | 'unmatched'                          // addressed, but no usage matched (the hint was sent)
  | 'ignored'                            // not addressed to the bot
  | 'own' | 'not-configured' | 'standby'; // the bot's own message / a room not configured / not accepting commands

/** Emitted once per incoming message of a configured room, after everything it triggered has finished and was delivered. */
export interface HandledMessage {
  readonly messageId: number;
  readonly roomId: number;
  readonly outcome: HandledOutcome;
  readonly command?: string;
  /** Ids of the messages the bot posted in response, in delivery order. */
  readonly sentIds: readonly number[];
}

/** Texts the dispatcher sends; `unknownCommand: null` turns the hint off. */
export interface DispatcherTexts {
  unknownCommand: string | null;
  refused: (needed: string, have: string) => string;
  unusable: string;
  /** Refusal of a top-level command when no levels are defined and the user owns no part of the room. */
  ownersOnly: string;
}

export interface DispatcherDeps {
  router: CommandRouter<RegisteredCommand>;
  privileges: PrivilegeService;
  runner: CommandRunner;
  manager: CommandManager;
  app: BotApplication;
  logger: Logger;
  texts: DispatcherTexts;
  names(): readonly string[];
  selfId(): number | null;
  isConfiguredRoom(roomId: number): boolean;
  accepting(): boolean;
  isOwnMessage(messageId: number): boolean;
  send(roomId: number, text: string, options: SendOptions): Promise<number[]>;
  /** Aborted when the application stops. */
  stopSignal(): AbortSignal;
  /**
   * With no privilege level defined, commands that need the top level (stop, reboot, privilege …)
   * run only for users this approves (the room's owners); undefined: anyone may run them.
   */
  topWithoutLevels?: (roomId: number, userId: number) => Promise<boolean>;
}

/** Addressing → routing → privilege guard → runner, for one message at a time (many in parallel). */
export class CommandDispatcher {
  constructor(private readonly d: DispatcherDeps) {}

  async handle(m: IncomingMessage): Promise<HandledMessage> {
    const base = { messageId: m.id, roomId: m.room.id };
    if (m.user.id === this.d.selfId()) return { ...base, outcome: 'own', sentIds: [] };
    if (!this.d.isConfiguredRoom(m.room.id)) return { ...base, outcome: 'not-configured', sentIds: [] };
    const isReplyToBot = m.repliedToBot || (m.isReply && m.parentId !== undefined && this.d.isOwnMessage(m.parentId));
    const { addressed, words } = address(m.text, this.d.names(), { isReplyToBot, isReply: m.isReply || isReplyToBot, html: m.html });
    if (!addressed) return { ...base, outcome: 'ignored', sentIds: [] };
    if (!this.d.accepting()) return { ...base, outcome: 'standby', sentIds: [] };

    const tracker = new ResponseTracker();
    const send = (text: string, o: SendOptions) => tracker.track(this.d.send(m.room.id, text, o));
    const replyQuietly = async (text: string) => {
      try {
        await send(text, { replyTo: m.id });
      } catch (err) {
        this.d.logger.error({ err, messageId: m.id }, 'could not send a reply');
      }
    };
    const finish = async (outcome: HandledOutcome, command?: string): Promise<HandledMessage> => {
      await tracker.settled();
      return { ...base, outcome, command, sentIds: [...tracker.ids] };
    };

    const match = this.d.router.route(words);
    if (!match) {
      if (this.d.texts.unknownCommand !== null) await replyQuietly(this.d.texts.unknownCommand);
      return finish('unmatched');
    }
    const command = match.command;
    const needed = this.d.manager.requiredLevel(command);
    const p = this.d.privileges;
    if (needed > 0 && needed > p.topLevel) {
      await replyQuietly(this.d.texts.unusable);
      return finish('unusable', command.name);
    }
    const gate = this.d.topWithoutLevels;
    if (gate && command.privilege === 'top' && p.topLevel === 0 && !(await gate(m.room.id, m.user.id))) {
      this.d.logger.info({ command: command.name, userId: m.user.id, roomId: m.room.id }, 'command refused: no privilege levels are defined and the user is not a room owner');
      await replyQuietly(this.d.texts.ownersOnly);
      return finish('refused', command.name);
    }
    const have = p.levelOf(m.room.id, m.user.id);
    if (needed > have) {
      this.d.logger.info({ command: command.name, userId: m.user.id, roomId: m.room.id, needed, have }, 'command refused: privilege too low');
      await replyQuietly(this.d.texts.refused(`${p.levelName(needed)} (${needed})`, `${p.levelName(have)} (${have})`));
      return finish('refused', command.name);
    }

    const abort = new AbortController();
    const stop = this.d.stopSignal();
    const onStop = () => abort.abort(stop.reason);
    stop.addEventListener('abort', onStop, { once: true });
    // Once the run is abandoned (timeout, or the app stopped) its sends are refused, never posted late.
    const revocable = (text: string, o: SendOptions): Promise<number[]> => {
      if (!abort.signal.aborted) return send(text, o);
      const reason = abort.signal.reason instanceof CommandTimeoutError ? 'it did not finish within its timeout' : 'the application is stopping';
      return Promise.reject(new ContextRevokedError(command.name, reason, { cause: abort.signal.reason }));
    };
    const ctx = new CommandContext(
      {
        args: match.args, usageIndex: match.usageIndex, usage: match.usage.source, message: m,
        commands: this.d.manager, app: this.d.app, signal: abort.signal,
      },
      revocable,
    );
    try {
      const outcome = await this.d.runner.run(command, ctx, abort, (text) => send(text, { replyTo: m.id }));
      return await finish(outcome, command.name);
    } finally {
      stop.removeEventListener('abort', onStop);
    }
  }
}
