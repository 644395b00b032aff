/** Base class of this package's errors: `code` is stable; the message never holds a password or a URL's credentials. */
export class RedisError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Redis could not be reached or did not answer in time (after the retries the operation allows). */
export class RedisUnavailableError extends RedisError {
  constructor(
    readonly operation: string,
    readonly location: string,
    detail: string,
  ) {
    super(`Redis at ${location} is unavailable: ${operation} failed (${detail})`, 'STORAGE_UNAVAILABLE');
  }
}

/** Redis answered with an error (wrong password, a refused command, a full memory). */
export class RedisCommandError extends RedisError {
  constructor(
    readonly operation: string,
    readonly location: string,
    detail: string,
  ) {
    super(`Redis at ${location} refused ${operation}: ${detail}`, 'STORAGE_REFUSED');
  }
}

/** A stored document is not valid JSON (written by something else). */
export class CorruptDocumentError extends RedisError {
  constructor(
    readonly namespace: string,
    readonly key: string,
  ) {
    super(`the stored document ${namespace}/${key} is not valid JSON`, 'STORAGE_CORRUPT');
  }
}

/** An update kept meeting concurrent writers and gave up after its attempts. */
export class UpdateContentionError extends RedisError {
  constructor(
    readonly namespace: string,
    readonly key: string,
    attempts: number,
  ) {
    super(`updating ${namespace}/${key} met a concurrent change ${attempts} times in a row; try again`, 'STORAGE_CONTENTION');
  }
}

/** The options given to this package are unusable. */
export class RedisConfigError extends RedisError {
  constructor(message: string) {
    super(message, 'CONFIG');
  }
}
