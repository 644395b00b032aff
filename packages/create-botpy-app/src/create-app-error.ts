/** Why scaffolding stopped. Every failure of `create-botpy-app` is one of these. */
export type CreateAppErrorCode =
  | 'INVALID_NAME'
  | 'MISSING_NAME'
  | 'TARGET_NOT_EMPTY'
  | 'TARGET_NOT_DIRECTORY'
  | 'UNKNOWN_TEMPLATE'
  | 'TEMPLATE_ERROR'
  | 'INSTALL_FAILED'
  | 'CANCELLED';

/** An error the scaffolder reports to the person running it (message is meant to be shown as is). */
export class CreateAppError extends Error {
  readonly code: CreateAppErrorCode;

  constructor(code: CreateAppErrorCode, message: string) {
    super(message);
    this.name = 'CreateAppError';
    this.code = code;
  }
}
