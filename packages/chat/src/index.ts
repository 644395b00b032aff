/**
 * The Stack Exchange chat client: login with cookie reuse, typed events over one socket per account, and a send queue that never loses a message.
 *
 * @packageDocumentation
 * @module @botpy/chat
 */
export * from './errors.js';
export * from './events.js';
export { parseEvents, parseBody, type ParsedBody } from './parse-events.js';
export { htmlToText, isTruncatedHtml } from './html-to-text.js';
export { splitMessage, isFixedFont, SINGLE_LINE_LIMIT } from './split-message.js';
export { SendQueue, type SendJob, type SendPriority, type SendQueueOptions } from './send-queue.js';
export { parseThrottleSeconds } from './write-response.js';
export { loadCookieJar, saveCookieJar, setAsideFile, type CookieJarOwner } from './cookie-store.js';
export { DEFAULT_LOGIN_RATE_LIMIT, loginLogFile, type LoginRateLimit } from './login-limiter.js';
export { redactText, REDACT_PATHS } from './redact.js';
export { DEFAULT_ORIGINS, resolveOrigins, isChatHost, type ChatHost, type ChatOrigins } from './hosts.js';
export { EventStream, type EventStreamOptions, type SocketState, type StreamStats } from './event-stream.js';
export { ChatClient, type ChatClientOptions, type ClientStats } from './chat-client.js';
export { Room, type ChatUser, type RoomInfo, type SendOptions } from './room.js';
export { parseTranscriptMessage, parseHistory, type MessageDetails } from './message-details.js';
export { parseUserPage, parseAgo, type UserDetails } from './user-details.js';
export { parseRoomInfo, type RoomDetails, type RoomCardUser } from './room-details.js';
