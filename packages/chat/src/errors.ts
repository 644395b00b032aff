/** Base class of every error thrown by `@botpy/chat`. Messages never contain secrets. */
export class ChatError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The password login failed (wrong credentials, unexpected answer, chat server refused the cookies). */
export class LoginError extends ChatError {
  constructor(message: string, code = 'LOGIN_FAILED') {
    super(code, message);
  }
}

/** The login site asked for a CAPTCHA / extra verification. Do not retry before `retryAfterMs`. */
export class CaptchaError extends LoginError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super('the login site answered with a CAPTCHA / verification redirect; not retrying password logins for a while', 'CAPTCHA');
    this.retryAfterMs = retryAfterMs;
  }
}

/** The login page has no fkey input: the site is down or in read-only mode. */
export class ReadOnlyError extends LoginError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super('the login page has no fkey input: the site is unavailable or in read-only mode', 'READ_ONLY');
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Password logins are rate-limited (see `ChatClientOptions.loginRateLimit`; the count survives
 * restarts): not retrying before `retryAfterMs`.
 */
export class LoginRateLimitedError extends LoginError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number, limit: { max: number; windowMs: number }) {
    super(
      `not logging in with the password again: ${limit.max} password logins in the last ${Math.round(limit.windowMs / 60_000)} min already (repeated logins bring CAPTCHAs); next one allowed in ${Math.ceil(retryAfterMs / 1000)} s`,
      'LOGIN_RATE_LIMITED',
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** HTTP 409: "You can perform this action again in N seconds." */
export class ThrottledError extends ChatError {
  readonly retryAfterMs: number;
  constructor(retryAfterMs: number) {
    super('THROTTLED', `throttled by the chat server: retry in ${Math.round(retryAfterMs / 1000)} s`);
    this.retryAfterMs = retryAfterMs;
  }
}

/** Kinds of room refusals (404 sentences, frozen rooms). */
export type RoomAccessReason = 'no-access' | 'blocked' | 'timeout' | 'frozen' | 'unknown';

/** The room is missing, private, frozen, in timeout, or the account is blocked. */
export class RoomAccessError extends ChatError {
  readonly reason: RoomAccessReason;
  /** For a room timeout / account block with a known end: how long to wait. */
  readonly retryAfterMs?: number;
  constructor(reason: RoomAccessReason, message: string, retryAfterMs?: number) {
    super('ROOM_ACCESS', message);
    this.reason = reason;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

/** A send failed after the bounded retries (or for a reason that cannot be retried). */
export class SendError extends ChatError {
  readonly status?: number;
  constructor(message: string, status?: number, code = 'SEND_FAILED') {
    super(code, message);
    if (status !== undefined) this.status = status;
  }
}

/** The server refused a text identical to the account's previous message. */
export class DuplicateMessageError extends SendError {
  constructor() {
    super('the chat server refused the message as a duplicate of the previous one', 200, 'DUPLICATE_MESSAGE');
  }
}

/**
 * Why chat refused an action on a message:
 * - `too-late`: the edit/delete window (2 minutes on real chat) of an own message is over;
 * - `deleted`: the message is already deleted;
 * - `not-yours`: only the author may edit it (or delete it, unless room owner / moderator);
 * - `not-permitted`: the action needs a room owner or a moderator (pin, cancel stars, move);
 * - `no-such-message`: the id was never assigned (chat answers 302);
 * - `other`: any other sentence (kept in `reason`).
 */
export type MessageRefusal = 'too-late' | 'deleted' | 'not-yours' | 'not-permitted' | 'no-such-message' | 'other';

/** Reads chat's refusal sentence ("It is too late to edit this message") into a MessageRefusal. */
export function classifyRefusal(sentence: string): MessageRefusal {
  if (/too late/i.test(sentence)) return 'too-late';
  if (/deleted/i.test(sentence)) return 'deleted';
  if (/your own/i.test(sentence)) return 'not-yours';
  if (/owner|moderator|permission|not allowed/i.test(sentence)) return 'not-permitted';
  if (/does not exist|not found/i.test(sentence)) return 'no-such-message';
  return 'other';
}

/** An edit/delete/star/pin/move was refused with a sentence ("It is too late to edit this message"). */
export class MessageActionError extends ChatError {
  /** Chat's sentence (at most 200 characters). */
  readonly reason: string;
  /** What the sentence means, for code that reacts to it. */
  readonly refusal: MessageRefusal;
  /** `edit`, `delete`, `star`, `pin`, `unpin`, `cancel-stars`, `move`. */
  readonly action: string;
  constructor(action: string, reason: string, refusal: MessageRefusal = classifyRefusal(reason)) {
    super('ACTION_REFUSED', `${action} refused: ${reason}`);
    this.reason = reason;
    this.refusal = refusal;
    this.action = action;
  }
}

/** An HTTP request failed (network error or unexpected status) after the retry policy. */
export class ChatRequestError extends ChatError {
  readonly status?: number;
  readonly route: string;
  constructor(route: string, message: string, status?: number, code = 'REQUEST_FAILED') {
    super(code, `${route}: ${message}`);
    this.route = route;
    if (status !== undefined) this.status = status;
  }
}

/**
 * The chat server is unavailable (5xx, a timeout, a connection error): an outage, not a logged-out
 * session. The cookies are kept; the operation is retried with back-off by its owner.
 */
export class ChatOutageError extends ChatRequestError {
  constructor(route: string, message: string, status?: number) {
    super(route, `chat server unavailable: ${message}`, status, 'CHAT_OUTAGE');
  }
}

/** An answer was larger than the client accepts (`maxResponseBytes`); it was not read to the end. */
export class ResponseTooLargeError extends ChatRequestError {
  readonly limitBytes: number;
  constructor(route: string, limitBytes: number) {
    super(route, `the answer is larger than ${limitBytes} bytes (maxResponseBytes); refused`, undefined, 'RESPONSE_TOO_LARGE');
    this.limitBytes = limitBytes;
  }
}

/** Bad input from the caller (empty message, unknown host, …). */
export class ChatInputError extends ChatError {
  constructor(message: string) {
    super('BAD_INPUT', message);
  }
}

/** The client was closed while the operation was pending. */
export class ClientClosedError extends ChatError {
  constructor(message = 'the chat client was closed') {
    super('CLOSED', message);
  }
}
