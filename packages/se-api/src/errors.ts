/** Base class of every error of this package; `code` is stable, the message never contains the key or token. */
export class SeApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The API answered with its error shape (HTTP 400 and others): `error_id`, `error_name`, `error_message`. */
export class ApiError extends SeApiError {
  constructor(
    /** The method (route template) that failed, e.g. `/questions/{ids}`. */
    readonly method: string,
    readonly status: number,
    readonly error_id: number,
    readonly error_name: string,
    readonly error_message: string,
    code = 'API_ERROR',
  ) {
    super(`Stack Exchange API ${method} failed: ${error_name} (${error_id}): ${error_message}`, code);
  }
}

/**
 * `throttle_violation` (error id 502): the server thinks this IP called too fast or ignored a
 * backoff. `retryAfterMs` is read from the message ("more requests available in N seconds") when it
 * says so; the client then pauses every request until that time.
 */
export class ThrottleViolationError extends ApiError {
  constructor(method: string, status: number, error_message: string, readonly retryAfterMs: number | null) {
    super(method, status, 502, 'throttle_violation', error_message, 'THROTTLE_VIOLATION');
  }
}

/** The daily quota is used up: no request is sent until `resetsAt` (epoch ms). */
export class QuotaExhaustedError extends SeApiError {
  constructor(
    readonly quotaMax: number | null,
    readonly resetsAt: number,
  ) {
    super(
      `the Stack Exchange API daily quota${quotaMax !== null ? ` of ${quotaMax} requests` : ''} is exhausted; ` +
        `requests resume after ${new Date(resetsAt).toISOString()} (the quota rolls over at midnight UTC; ` +
        'an app key raises it from 300 to 10,000 a day)',
      'QUOTA_EXHAUSTED',
    );
  }
}

/** A method's backoff is longer than the client is allowed to wait (`maxBackoffWaitMs`). */
export class BackoffTooLongError extends SeApiError {
  constructor(
    readonly method: string,
    readonly waitMs: number,
  ) {
    super(`the Stack Exchange API asked to wait ${Math.ceil(waitMs / 1000)} s before calling ${method} again, longer than maxBackoffWaitMs`, 'BACKOFF_TOO_LONG');
  }
}

/** No usable answer: network failure, timeout, or a body that is not the API's JSON. */
export class ApiUnavailableError extends SeApiError {
  constructor(
    readonly method: string,
    detail: string,
    readonly status?: number,
    cause?: unknown,
  ) {
    super(`Stack Exchange API ${method} got no usable answer: ${detail}`, 'UNAVAILABLE', { cause });
  }
}

/** The client or feed was closed while a request waited. */
export class ClosedError extends SeApiError {
  constructor(what: string) {
    super(`${what} was closed`, 'CLOSED');
  }
}
