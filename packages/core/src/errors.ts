/** Base class of every error @botpy/core throws on purpose. `code` is stable; messages are for humans. */
export class BotpyError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A usage pattern that cannot be parsed (`test **`, `... test`, empty). */
export class UsagePatternError extends BotpyError {
  constructor(message: string) {
    super('USAGE_PATTERN', message);
  }
}

/** The same usage registered twice (in one command or in two). */
export class DuplicateUsageError extends BotpyError {
  constructor(message: string) {
    super('DUPLICATE_USAGE', message);
  }
}

/** Invalid bootstrap options or an invalid decorated class. */
export class ConfigError extends BotpyError {
  constructor(message: string) {
    super('CONFIG', message);
  }
}

/** The privileges file exists but cannot be read as privileges data. Start-up stops. */
export class PrivilegeFileError extends BotpyError {
  readonly file: string;
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super('PRIVILEGE_FILE', `privileges file ${file} is unusable: ${reason} (fix or remove it; it was not reset)`, options);
    this.file = file;
  }
}

/** A grant or revoke that the rules forbid (escalation, unknown level, own privileges). */
export class PrivilegeError extends BotpyError {
  constructor(message: string) {
    super('PRIVILEGE_DENIED', message);
  }
}

/** A command ran longer than its timeout. */
export class CommandTimeoutError extends BotpyError {
  constructor(command: string, seconds: number) {
    super('COMMAND_TIMEOUT', `command ${command} did not finish within ${seconds} s`);
  }
}

/**
 * A command's context was revoked — it outlived its timeout, or the application stopped — so what
 * it sends through `ctx.reply` / `ctx.post` is refused instead of posted late.
 */
export class ContextRevokedError extends BotpyError {
  constructor(command: string, reason: string, options?: { cause?: unknown }) {
    super('CONTEXT_REVOKED', `command ${command} can no longer post: ${reason}`, options);
  }
}

/** An operation needs a state the application is not in (e.g. start after stop). */
export class LifecycleError extends BotpyError {
  constructor(message: string) {
    super('LIFECYCLE', message);
  }
}

/** A user reference (id or name) that does not resolve to exactly one person. */
export class UnknownUserError extends BotpyError {
  constructor(message: string) {
    super('UNKNOWN_USER', message);
  }
}

/** The chat transport in use lacks an optional capability (edit, delete, star, pin, history, …). */
export class UnsupportedError extends BotpyError {
  /** The capability that is missing, e.g. `'edit'`. */
  readonly capability: string;
  constructor(capability: string, message = `the chat transport in use cannot ${capability} (it does not implement the optional "${capability}" capability)`) {
    super('UNSUPPORTED', message);
    this.capability = capability;
  }
}

/** A storage document or folder that cannot be read or written (unreadable, corrupt, a symbolic link, …). */
export class StorageError extends BotpyError {
  /** The file or key concerned (never a secret). */
  readonly where: string;
  constructor(where: string, reason: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'STORAGE', `storage ${where}: ${reason}`, options);
    this.where = where;
  }
}

/** Another live instance holds the storage folder: one live instance per folder. */
export class StorageLockedError extends BotpyError {
  readonly folder: string;
  constructor(folder: string, holder: string) {
    super('STORAGE_LOCKED', `the storage folder ${folder} is in use by ${holder}; run one instance per storage folder (give this one its own storageDir, or stop the other)`);
    this.folder = folder;
  }
}

/** A grant or revoke whose write failed: nothing was changed, in memory or on disk. */
export class PrivilegeSaveError extends BotpyError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('PRIVILEGE_NOT_SAVED', `the change could not be saved (${reason}), so it was not made`, options);
  }
}

/** A write refused by the coordinator's fencing: this instance may not act now (standby, lost lease). */
export class NotActiveError extends BotpyError {
  constructor(message = 'this instance is not the active one right now (standby or lost its lease), so nothing was posted') {
    super('NOT_ACTIVE', message);
  }
}

/** A command argument that does not fit its type (`"abc" is not a whole number`): the user is told, naming the argument and the usage. Throw it from your own argument types. */
export class ArgumentError extends BotpyError {
  /** The argument's name in the usage (filled in by the framework when not given). */
  argument: string | undefined;
  constructor(message: string, argument?: string) {
    super('BAD_ARGUMENT', message);
    this.argument = argument;
  }
}

/** `ctx.ask` / `ctx.confirm` got no answer within its timeout. Uncaught, the command's user is told the question expired. */
export class ConversationTimeoutError extends BotpyError {
  /** The timeout that passed, in seconds. */
  readonly seconds: number;
  constructor(seconds: number) {
    super('CONVERSATION_TIMEOUT', `no answer within ${seconds} s`);
    this.seconds = seconds;
  }
}

/** `ctx.ask` / `ctx.confirm` was abandoned: the application is stopping, or the command was abandoned (its timeout). */
export class ConversationCancelledError extends BotpyError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('CONVERSATION_CANCELLED', `the question was cancelled: ${reason}`, options);
  }
}

/** Data given to `ctx.reply(text, { data })` / `app.send(…, { data })` that cannot be kept: not JSON, or too large. Nothing was posted. */
export class ReplyDataError extends BotpyError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super('REPLY_DATA_INVALID', `the message's data cannot be kept (${reason}); nothing was posted`, options);
  }
}
