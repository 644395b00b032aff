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

/** An edit/delete/star was refused with a sentence ("It is too late to edit this message"). */
export class MessageActionError extends ChatError {
  readonly reason: string;
  constructor(action: string, reason: string) {
    super('ACTION_REFUSED', `${action} refused: ${reason}`);
    this.reason = reason;
  }
}

/** An HTTP request failed (network error or unexpected status) after the retry policy. */
export class ChatRequestError extends ChatError {
  readonly status?: number;
  readonly route: string;
  constructor(route: string, message: string, status?: number) {
    super('REQUEST_FAILED', `${route}: ${message}`);
    this.route = route;
    if (status !== undefined) this.status = status;
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
