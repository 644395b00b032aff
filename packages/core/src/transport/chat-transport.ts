/** A chat account or person, as core sees them. */
export interface ChatPerson {
  readonly id: number;
  readonly name: string;
}

/** A chat message as commands see it (`ctx.message`). */
export interface IncomingMessage {
  readonly id: number;
  /** Plain text, entities decoded. */
  readonly text: string;
  /** The HTML the server rendered. */
  readonly html: string;
  readonly user: ChatPerson;
  readonly room: { readonly id: number; readonly name: string };
  /** Epoch milliseconds. */
  readonly time: number;
  /** The message this one replies to (or, for a plain ping of one user, that user's last message). */
  readonly parentId?: number;
  /** True when the message is an explicit reply (to `parentId`). */
  readonly isReply: boolean;
  /** True when the server said this replies to a message of the bot's account (event 18). */
  readonly repliedToBot: boolean;
  /** True when the server said this pings the bot's account (event 8). */
  readonly mentionsBot: boolean;
}

/** A chat event from a joined room, passed to `@OnEvent` handlers and `app.on()`. */
export interface TransportEvent {
  /** Event type number (§6.2 of the protocol: 1 MessagePosted, 2 MessageEdited, 3 UserEntered, …). */
  readonly type: number;
  /** Event type name, e.g. `'MessagePosted'`. */
  readonly typeName: string;
  readonly roomId: number;
  /** The typed event object of the chat client (e.g. `@botpy/chat`'s MessageEvent). */
  readonly event: unknown;
  /** Set for new and edited messages. */
  readonly message?: IncomingMessage;
}

export interface SendOptions {
  /** Reply to this message. */
  replyTo?: number;
  /** True (default): long single-line text is split to fit chat's limit; false: sent as is. */
  lengthCheck?: boolean;
  /**
   * Data kept with the message (JSON, ≤ 4096 characters) for reply commands (`onReplyTo`), in the
   * app's storage. The application handles it; a transport never receives it.
   */
  data?: unknown;
}

/** What an ops health check wants to know about the connection. */
export interface TransportHealth {
  readonly socketState: 'open' | 'connecting' | 'polling' | 'closed';
  readonly lastFrameAt: number | null;
  readonly sendBacklog: number;
  readonly reconnects: number;
  /** Messages the server accepted (each merged message counts); absent when the transport does not count. */
  readonly messagesSent?: number;
  /** Throttle answers (HTTP 409) met by writes. */
  readonly throttled?: number;
  /** Messages merged into another post while throttled (`queue.coalesce`). */
  readonly coalesced?: number;
}

/** A message's details as the chat server gives them on request (`transport.message(id)`). */
export interface ChatMessageDetails {
  readonly id: number;
  /** The exact markdown source the author typed ('' when it cannot be read, e.g. deleted). */
  readonly source: string;
  /** The fields below are given by transports that can read them (the default one does). */
  readonly roomId?: number;
  /** The author. */
  readonly owner?: ChatPerson;
  /** Plain text of the current version. */
  readonly text?: string;
  readonly html?: string;
  /** The message it replies to. */
  readonly parentId?: number;
  readonly stars?: number;
  /** Did the bot's account star it? */
  readonly starredByMe?: boolean;
  readonly pinned?: boolean;
  readonly pinnedBy?: readonly ChatPerson[];
  readonly edits?: number;
  readonly editor?: ChatPerson;
  readonly deleted?: boolean;
}

/** A user's card (`transport.userDetails(id, roomId?)`); the flags are known only when the server said so. */
export interface ChatUserDetails extends ChatPerson {
  readonly isModerator?: boolean;
  /** Owner of the room asked about (only when a room was given). */
  readonly isOwner?: boolean;
  /** Reputation on the parent site (-1 when the profile does not show it). */
  readonly reputation?: number;
  /** The profile's "about" text. */
  readonly about?: string;
  /** Epoch milliseconds, as precise as the profile says ("5m ago"); null when never. */
  readonly lastSeen?: number | null;
  readonly lastMessage?: number | null;
  readonly messageCount?: number;
  readonly roomCount?: number;
}

/** A room's card (`transport.roomDetails(id)`). */
export interface ChatRoomDetails {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The fields below are given by transports that can read them (the default one does). */
  readonly messageCount?: number;
  readonly userCount?: number;
  /** The parent site's name ("Stack Overflow"), or null. */
  readonly parentSite?: string | null;
  readonly owners?: readonly ChatPerson[];
  /** Users in the room now. */
  readonly currentUsers?: readonly ChatPerson[];
  /** Users seen recently (who can be pinged). */
  readonly pingableUsers?: readonly ChatPerson[];
}

/**
 * What a transport may do beyond posting (all optional). A custom transport without one still
 * works; using a missing one through `requireCapability()` gives an `UnsupportedError` (code
 * `UNSUPPORTED`) that names it. Room-scoped actions need a joined room.
 */
export interface ChatTransportCapabilities {
  /** Edits one of the account's messages (within the server's edit window). */
  edit?(roomId: number, messageId: number, text: string): Promise<void>;
  /** Deletes a message (the account's own, or any as a moderator); "already deleted" is success. */
  delete?(roomId: number, messageId: number): Promise<void>;
  /**
   * Sets the account's star on a message (`on`, default true); a transport that can read the state
   * posts nothing when it already holds (chat itself only toggles).
   */
  star?(roomId: number, messageId: number, on?: boolean): Promise<void>;
  /** Pins (`on`, default true) or unpins a message; room owners and moderators only. */
  pin?(roomId: number, messageId: number, on?: boolean): Promise<void>;
  /** Removes every star of a message; room owners and moderators only. */
  cancelStars?(roomId: number, messageId: number): Promise<void>;
  /** Moves messages of a room to another room; room owners and moderators only. Resolves to the number moved. */
  move?(roomId: number, messageIds: readonly number[], toRoomId: number): Promise<number>;
  /** The room's last `count` messages, oldest first. */
  history?(roomId: number, count: number): Promise<IncomingMessage[]>;
  /** One message's details (source; the default transport also gives owner, stars, pinned, parent, edits, deleted). */
  message?(messageId: number): Promise<ChatMessageDetails>;
  /** A user's card; with a room, also whether they own it. */
  userDetails?(userId: number, roomId?: number): Promise<ChatUserDetails>;
  /** A room's card (name, description, tags; the default transport also gives counts, parent site, owners, current and pingable users). */
  roomDetails?(roomId: number): Promise<ChatRoomDetails>;
}

/** The names of the optional capabilities (`'edit'`, `'history'`, …). */
export type ChatCapability = keyof ChatTransportCapabilities;

/** Every optional capability, for listings and checks. */
export const CHAT_CAPABILITIES: readonly ChatCapability[] = ['edit', 'delete', 'star', 'pin', 'cancelStars', 'move', 'history', 'message', 'userDetails', 'roomDetails'];

/** What a bounded drain left behind. */
export interface DrainResult {
  /** True when the queue emptied in time. */
  readonly drained: boolean;
  /** Messages still waiting (queued or being sent), by room; empty when drained. */
  readonly pending: readonly { readonly roomId: number; readonly messages: number }[];
}

/**
 * Everything core needs from a chat connection. Registered under the `ChatTransport` token; the
 * default implementation (`SeChatTransport`) adapts `@botpy/chat`'s ChatClient and has every
 * optional capability.
 */
export interface ChatTransport extends ChatTransportCapabilities {
  /** Logs in (when needed) and joins the rooms; resolves to the bot's own account. */
  connect(roomIds: readonly number[]): Promise<ChatPerson>;
  /** The bot's account once connected. */
  readonly self: ChatPerson | null;
  /** Subscribes to every event of every joined room. Returns an unsubscribe function. */
  onEvent(fn: (e: TransportEvent) => void): () => void;
  /** Posts a message; resolves to the posted message ids (several when split). */
  send(roomId: number, text: string, options?: SendOptions): Promise<number[]>;
  /** The room's name (known once joined). */
  roomName(roomId: number): string | undefined;
  /** The room's owners, as the room info page lists them. */
  roomOwners(roomId: number): Promise<ChatPerson[]>;
  /** Looks a user up by id; rejects when there is no such user. */
  user(userId: number): Promise<ChatPerson>;
  /** People the room knows recently (for resolving a name to an id). */
  roomUsers(roomId: number): Promise<ChatPerson[]>;
  /**
   * Resolves when every queued message has been sent (or failed), or after `timeoutMs`: then with
   * what is still waiting, per room (a transport that cannot tell resolves to nothing).
   */
  drain(timeoutMs?: number): Promise<DrainResult | void>;
  /**
   * Leaves the rooms and closes the connection. `leaveRooms: false` closes without leaving (the
   * account stays present for other instances sharing it).
   */
  close(options?: { leaveRooms?: boolean }): Promise<void>;
  health(): TransportHealth;
}
