/** Why a request to Redunda got no usable answer. */
export type RedundaFailureKind = 'network' | 'tls' | 'timeout' | 'aborted' | 'http' | 'protocol';

/** Base class of every error of this package; `code` is stable, the message never contains the key. */
export class RedundaError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Redunda answered 404 to an authenticated call: the instance key is wrong or was revoked. */
export class BadKeyError extends RedundaError {
  constructor(readonly operation: string) {
    super(
      `Redunda rejected the instance key (404 on ${operation}): the key is wrong or was revoked; ` +
        'copy the current key from the instance page of the Redunda web UI',
      'BAD_KEY',
    );
  }
}

/** No answer (network, TLS, timeout, abort) or an answer that is not Redunda's (5xx, wrong content type). */
export class RedundaUnavailableError extends RedundaError {
  constructor(
    readonly operation: string,
    readonly kind: RedundaFailureKind,
    detail: string,
    readonly status?: number,
  ) {
    super(`Redunda ${operation} failed (${kind}): ${detail}`, 'UNAVAILABLE');
  }
}

/** Redunda answered with a status this client does not expect for the call (e.g. 400). */
export class RedundaHttpError extends RedundaError {
  constructor(
    readonly operation: string,
    readonly status: number,
  ) {
    super(`Redunda ${operation} answered HTTP ${status}`, 'HTTP_STATUS');
  }
}

/** The answer had the right status but an unusable body (not JSON, wrong field types). */
export class RedundaProtocolError extends RedundaError {
  constructor(
    readonly operation: string,
    detail: string,
  ) {
    super(`Redunda ${operation} returned an unexpected answer: ${detail}`, 'BAD_RESPONSE');
  }
}

/** A file name or local path that cannot be stored safely (alphabet, length, escapes the data directory). */
export class UnsafeNameError extends RedundaError {
  constructor(detail: string) {
    super(detail, 'UNSAFE_NAME');
  }
}

/** Downloaded bytes do not match the SHA-256 Redunda listed for them. */
export class IntegrityError extends RedundaError {
  constructor(
    readonly fileName: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`downloaded ${fileName} has sha256 ${actual}, but Redunda listed ${expected}`, 'HASH_MISMATCH');
  }
}

/** A file above Redunda's 16,777,215-byte column limit. */
export class FileTooLargeError extends RedundaError {
  constructor(
    readonly fileName: string,
    readonly size: number,
  ) {
    super(`${fileName} is ${size} bytes; Redunda stores at most 16777215 bytes per file`, 'FILE_TOO_LARGE');
  }
}
