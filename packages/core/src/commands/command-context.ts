import type { OwnMessage } from '../actions/own-message-log.js';
import type { ParamsOf, UsageList } from './args/params-of.js';
import { ask, confirm, type AskOptions, type ConfirmOptions } from '../conversations/ask.js';
import type { Answer, Conversations } from '../conversations/conversations.js';
import { LifecycleError } from '../errors.js';
import type { RepliedMessage } from '../replies/replied-message.js';
import type { ChatMessageDetails, ChatRoomDetails, ChatUserDetails, IncomingMessage, SendOptions } from '../transport/chat-transport.js';

/**
 * The application as commands see it (`ctx.app`): it is the `BotApplication`. bot-application.ts
 * declares that by augmenting this interface, so this file needs no import of the application
 * (no import cycle).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CommandContextApp {}

/** Options of `ctx.reply` and `ctx.post`. */
export interface PostOptions {
  /** True (default): long single-line text is split to fit chat's limit. */
  lengthCheck?: boolean;
  /**
   * Data kept with the message (JSON, ≤ 4096 characters), in the app's storage: a reply command
   * (`@Command({ onReplyTo: true })`) answering this message gets it as `ctx.repliedTo.data`.
   */
  data?: unknown;
}

/** What a context needs for `ask` and `confirm` (given by the run stage). */
export interface ContextConversation {
  readonly conversations: Conversations;
  /** The bot's names (a leading ping of the bot is not part of an answer). */
  names(): readonly string[];
  /** Pauses the command's timeout while it waits for an answer; returns the resume function. */
  pause(): () => void;
}

/**
 * What a running command gets: its arguments, the message, and ways to answer. `U`: the command's
 * usage (or its `usage` list `as const`), which types `params`: `CommandContext<'ban <user:user> <minutes:int>'>`.
 */
export class CommandContext<U extends UsageList = string> {
  /** The arguments matched by `*`, `...` and the named arguments, as strings, case kept. */
  readonly args: string[];
  /** The named arguments of a typed usage, parsed (`{ user: ChatPerson, minutes: number }`); `{}` for a usage without them. */
  readonly params: ParamsOf<U>;
  /** Index of the matched usage in the command's own usage list. */
  readonly usageIndex: number;
  /** The matched usage pattern as written. */
  readonly usage: string;
  readonly message: IncomingMessage;
  /** The command manager: registered and running commands, run-time switches. */
  readonly commands: CommandContextApp['commands' & keyof CommandContextApp];
  /** The application (`BotApplication`). */
  readonly app: CommandContextApp;
  /**
   * For a reply command (`@Command({ onReplyTo: true })`): the bot's message the user replied to,
   * with the data it was posted with. Undefined for other commands.
   */
  readonly repliedTo: RepliedMessage | undefined;
  private readonly conversation: ContextConversation | undefined;
  private readonly signalOf: AbortSignal | (() => AbortSignal);

  constructor(
    init: {
      args: string[]; params?: Record<string, unknown>; usageIndex: number; usage: string; message: IncomingMessage; commands: CommandContextApp['commands' & keyof CommandContextApp];
      app: CommandContextApp;
      /** The run's signal, or a function that makes it when it is first read. */
      signal: AbortSignal | (() => AbortSignal);
      repliedTo?: RepliedMessage | undefined; conversation?: ContextConversation | undefined;
    },
    private readonly send: (text: string, options: SendOptions) => Promise<number[]>,
  ) {
    this.args = init.args;
    this.params = (init.params ?? {}) as ParamsOf<U>;
    this.usageIndex = init.usageIndex;
    this.usage = init.usage;
    this.message = init.message;
    this.commands = init.commands;
    this.app = init.app;
    this.signalOf = init.signal;
    this.repliedTo = init.repliedTo;
    this.conversation = init.conversation;
  }

  /**
   * Aborted when the command times out, or when the application stops and the command outlives the
   * stop grace period. From then on the context is revoked: `reply` and `post` reject with
   * ContextRevokedError (code `CONTEXT_REVOKED`) and nothing more is posted for this run.
   */
  get signal(): AbortSignal {
    const s = this.signalOf;
    return typeof s === 'function' ? s() : s;
  }

  /** Replies to the triggering message; resolves to the posted message id (the first one when split). */
  async reply(text: string, options: PostOptions = {}): Promise<number> {
    const lengthCheck = options.lengthCheck ?? true;
    const ids = await this.send(text, options.data === undefined ? { replyTo: this.message.id, lengthCheck } : { replyTo: this.message.id, lengthCheck, data: options.data });
    return ids[0];
  }

  /** Posts to the room of the triggering message; resolves to the posted message id. */
  async post(text: string, options: PostOptions = {}): Promise<number> {
    const lengthCheck = options.lengthCheck ?? true;
    const ids = await this.send(text, options.data === undefined ? { lengthCheck } : { lengthCheck, data: options.data });
    return ids[0];
  }

  // ---- conversations ----

  /**
   * Asks the user who ran the command (a reply to their message) and resolves with their next
   * message in this room, or their reply to the question. Rejects with ConversationTimeoutError
   * (code `CONVERSATION_TIMEOUT`) after `timeout` seconds (default 60), and with
   * ConversationCancelledError (`CONVERSATION_CANCELLED`) when the app stops or the run is
   * abandoned; uncaught, the runner turns these into a "no answer" reply / a quiet end. The
   * command's own timeout stands still while it waits.
   */
  ask(text: string, options?: AskOptions): Promise<Answer> {
    return ask(this.asker(), text, options);
  }

  /** Asks a yes/no question: y/yes → true, n/no → false; anything else is asked once more, then false. Times out like `ask`. */
  confirm(text: string, options?: ConfirmOptions): Promise<boolean> {
    return confirm(this.asker(), text, options);
  }

  // ---- chat beyond posting (the same as `app.chat`, in this message's room) ----

  /** Edits one of the bot's messages; past chat's 2-minute window: ChatActionError `TOO_LATE`. */
  edit(messageId: number, text: string): Promise<void> {
    return this.app.chat.edit(this.message.room.id, messageId, text);
  }

  /** Deletes a message (the bot's own within 2 minutes, any as a room owner / moderator). */
  delete(messageId: number): Promise<void> {
    return this.app.chat.delete(this.message.room.id, messageId);
  }

  /** Sets the bot's star on a message (default on; `false` removes it). */
  star(messageId: number, on = true): Promise<void> {
    return this.app.chat.star(this.message.room.id, messageId, on);
  }

  /** Pins (default) or unpins a message; the bot must own the room (else `NOT_PERMITTED`). */
  pin(messageId: number, on = true): Promise<void> {
    return this.app.chat.pin(this.message.room.id, messageId, on);
  }

  /** Removes every star of a message (room owners). */
  cancelStars(messageId: number): Promise<void> {
    return this.app.chat.cancelStars(this.message.room.id, messageId);
  }

  /** Moves messages of this room to another room (room owners); resolves to the number moved. */
  move(messageIds: readonly number[], toRoomId: number): Promise<number> {
    return this.app.chat.move(this.message.room.id, messageIds, toRoomId);
  }

  /** A message's details (owner, source, parent, stars, starred by the bot, pinned, edits, deleted). `ctx.message` stays the triggering message. */
  messageDetails(messageId: number): Promise<ChatMessageDetails> {
    return this.app.chat.message(messageId);
  }

  /** The last `count` messages of this room, oldest first. */
  history(count: number): Promise<IncomingMessage[]> {
    return this.app.chat.history(this.message.room.id, count);
  }

  /** A user's details (reputation, moderator, about, last seen), with whether they own this room. */
  user(userId: number): Promise<ChatUserDetails> {
    return this.app.chat.user(userId, this.message.room.id);
  }

  /** A room's details (default: this room): counts, parent site, tags, owners, current and pingable users. */
  room(roomId: number = this.message.room.id): Promise<ChatRoomDetails> {
    return this.app.chat.room(roomId);
  }

  private asker() {
    const c = this.conversation;
    if (!c) throw new LifecycleError('this context cannot ask questions (it was not created by the application\'s message pipeline)');
    return { conversations: c.conversations, message: this.message, signal: this.signal, names: () => c.names(), pause: () => c.pause(), send: this.send };
  }

  /** The bot's newest message in this room that it has not deleted (since start), or undefined. */
  lastOwnMessage(): Readonly<OwnMessage> | undefined {
    return this.app.chat.lastOwn(this.message.room.id);
  }
}
