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

/**
 * Everything core needs from a chat connection. Registered under the `ChatTransport` token; the
 * default implementation (`SeChatTransport`) adapts `@botpy/chat`'s ChatClient.
 */
export interface ChatTransport {
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
  /** Resolves when every queued message has been sent (or failed). */
  drain(): Promise<void>;
  /** Leaves the rooms and closes the connection. */
  close(): Promise<void>;
  health(): TransportHealth;
}
