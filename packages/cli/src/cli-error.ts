export type CliErrorCode =
  | 'APP_NOT_FOUND'
  | 'APP_NOT_BUILT'
  | 'PORT_IN_USE'
  | 'BAD_WORLD_FILE'
  | 'MISSING_CREDENTIALS'
  | 'BAD_OPTION'
  | 'IMPORT_REFUSED';

/** An error of the `botpy` command, with a message meant for the person who ran it. */
export class CliError extends Error {
  readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
  }
}
