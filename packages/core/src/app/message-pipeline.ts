import type { Logger } from 'pino';
import type { CommandContextApp } from '../commands/command-context.js';
import type { CommandManager, RegisteredCommand } from '../commands/command-manager.js';
import type { CommandRouter } from '../commands/command-router.js';
import type { CommandRunner } from '../commands/command-runner.js';
import type { GuardChain } from '../guards/guard-chain.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { addressingStage } from '../pipeline/stages/addressing.stage.js';
import { configuredRoomStage } from '../pipeline/stages/configured-room.stage.js';
import { conversationStage } from '../pipeline/stages/conversation.stage.js';
import { eventsStage } from '../pipeline/stages/events.stage.js';
import { guardsStage } from '../pipeline/stages/guards.stage.js';
import { ignoreOwnStage } from '../pipeline/stages/ignore-own.stage.js';
import { roleGateStage } from '../pipeline/stages/role-gate.stage.js';
import { paramsStage } from '../pipeline/stages/params.stage.js';
import { replyToStage } from '../pipeline/stages/reply-to.stage.js';
import { routeStage } from '../pipeline/stages/route.stage.js';
import { ArgTypes } from '../commands/args/arg-types.js';
import { runStage } from '../pipeline/stages/run.stage.js';
import type { Conversations } from '../conversations/conversations.js';
import type { ReplyDataStore } from '../replies/reply-data-store.js';
import type { TransportEvent } from '../transport/chat-transport.js';

/** What the message path needs from the application. */
export interface MessagePipelineDeps {
  readonly rooms: readonly number[];
  readonly router: CommandRouter<RegisteredCommand>;
  readonly guards: GuardChain;
  readonly runner: CommandRunner;
  readonly manager: CommandManager;
  readonly app: CommandContextApp;
  readonly logger: Logger;
  readonly unknownCommand: string | null;
  /** The reply when a command (or an argument type) fails. */
  readonly commandError?: string;
  selfId(): number | null;
  names(): readonly string[];
  isOwnMessage(messageId: number): boolean;
  deliverEvent(e: TransportEvent): void;
  accepting(): boolean;
  /** A takeover in progress (messages wait for it, bounded), or null. */
  takingOver?(): Promise<void> | null;
  stopSignal(): AbortSignal;
  /** The questions the bot waits on (`ctx.ask`). */
  readonly conversations: Conversations;
  /** The data of the bot's messages (reply commands). */
  readonly replies: ReplyDataStore;
  /** A message's current text ('' when the transport cannot read it), for `ctx.repliedTo` of a message without data. */
  messageText(id: number): Promise<string>;
}

/** The app's argument types, registered in its container by bootstrap() (the built-ins alone otherwise). */
function argTypesOf(app: CommandContextApp): ArgTypes {
  return app.container.isRegistered(ArgTypes, true) ? app.container.resolve(ArgTypes) : new ArgTypes();
}

/**
 * The path of one chat event: ignore own → configured room → events → conversation (answers to
 * `ctx.ask`) → addressing → role gate → route → reply-to (reply commands) → params → guards → run.
 */
export function buildMessagePipeline(d: MessagePipelineDeps): Pipeline {
  return new Pipeline([
    ignoreOwnStage(d.selfId),
    configuredRoomStage(d.rooms),
    eventsStage(d.deliverEvent),
    conversationStage({
      conversations: d.conversations, accepting: d.accepting, names: d.names, isOwnMessage: d.isOwnMessage, isCommand: (words) => Boolean(d.router.route(words)),
    }),
    addressingStage(d.names, d.isOwnMessage),
    roleGateStage(d.accepting, () => d.takingOver?.() ?? null),
    routeStage(d.router, d.unknownCommand, d.logger, d.names),
    replyToStage({ replies: d.replies, logger: d.logger, isOwnMessage: d.isOwnMessage, messageText: d.messageText }),
    paramsStage(argTypesOf(d.app), d.app, d.logger, d.names, d.commandError ?? 'Sorry, that command failed; the error was logged.'),
    guardsStage(d.guards, d.logger),
    runStage({ runner: d.runner, manager: d.manager, app: d.app, stopSignal: d.stopSignal, conversations: d.conversations, names: d.names }),
  ]);
}
