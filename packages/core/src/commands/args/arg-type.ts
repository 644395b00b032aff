import type { ChatMessageDetails, ChatRoomDetails, ChatUserDetails, IncomingMessage } from '../../transport/chat-transport.js';
import type { RoomUser } from '../../users/room-users.js';

/** What an argument type may use to resolve a value: the application's users, rooms and messages (`app` is the BotApplication). */
export interface ArgApp {
  /** The rooms the bot is configured for. */
  readonly rooms: readonly number[];
  /** The users the bot knows in a room (`app.users`). */
  users(roomId: number): readonly RoomUser[];
  readonly chat: {
    user(userId: number, roomId?: number): Promise<ChatUserDetails>;
    room(roomId: number): Promise<ChatRoomDetails>;
    message(messageId: number): Promise<ChatMessageDetails>;
  };
}

/** What an argument type gets besides the word: the argument, the message it came in, the application. */
export interface ArgInput {
  /** The argument's name in the usage (`minutes` for `<minutes:int>`). */
  readonly name: string;
  /** What follows the type in parentheses (`1..1440` for `int(1..1440)`), or the choices (`soft|hard`); undefined when none. */
  readonly option?: string;
  /** The message that invoked the command. */
  readonly message: IncomingMessage;
  readonly roomId: number;
  readonly app: ArgApp;
}

/**
 * An argument type: turns one word into a value, or throws `ArgumentError` saying what is wrong
 * with it (the bot then replies naming the argument and the usage). A custom type is just this
 * function, registered per app with `bootstrap({ argTypes: { name: fn } })`.
 */
export type ArgParser<T = unknown> = (raw: string, input: ArgInput) => T | Promise<T>;

/** A built-in type: its parser, how `help` describes it, and a check of its option at bootstrap. */
export interface ArgTypeDefinition<T = unknown> {
  readonly parse: ArgParser<T>;
  /** A short phrase for `help <command>`: `a whole number from 1 to 1440`. */
  describe(option: string | undefined): string;
  /** Throws a message when the option cannot be used (`int(a..b)`); called at bootstrap. */
  checkOption?(option: string | undefined): void;
}
