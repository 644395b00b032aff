/** Misuse of the emulator's own API (unknown user, room, message…). Never carries secrets. */
export class EmulatorError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'EmulatorError';
    this.code = code;
  }
}
