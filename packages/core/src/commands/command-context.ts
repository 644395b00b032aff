import type { IncomingMessage, SendOptions } from '../transport/chat-transport.js';

/**
 * The application as commands see it (`ctx.app`): it is the `BotApplication`. bot-application.ts
 * declares that by augmenting this interface, so this file needs no import of the application
 * (no import cycle).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CommandContextApp {}

/** Options of `ctx.reply` and `ctx.post`. */
export interface PostOptions {
  /** True (default): long single-line text is split to fit chat's limit. */
  lengthCheck?: boolean;
}

/** What a running command gets: its arguments, the message, and ways to answer. */
export class CommandContext {
  /** The arguments matched by `*` and `...`, case kept. */
  readonly args: string[];
  /** Index of the matched usage in the command's own usage list. */
  readonly usageIndex: number;
  /** The matched usage pattern as written. */
  readonly usage: string;
  readonly message: IncomingMessage;
  /** The command manager: registered and running commands, run-time switches. */
  readonly commands: CommandContextApp['commands' & keyof CommandContextApp];
  /** The application (`BotApplication`). */
  readonly app: CommandContextApp;
  /**
   * Aborted when the command times out, or when the application stops and the command outlives the
   * stop grace period. From then on the context is revoked: `reply` and `post` reject with
   * ContextRevokedError (code `CONTEXT_REVOKED`) and nothing more is posted for this run.
   */
  readonly signal: AbortSignal;

  constructor(
    init: {
      args: string[]; usageIndex: number; usage: string; message: IncomingMessage; commands: CommandContextApp['commands' & keyof CommandContextApp];
      app: CommandContextApp; signal: AbortSignal;
    },
    private readonly send: (text: string, options: SendOptions) => Promise<number[]>,
  ) {
    this.args = init.args;
    this.usageIndex = init.usageIndex;
    this.usage = init.usage;
    this.message = init.message;
    this.commands = init.commands;
    this.app = init.app;
    this.signal = init.signal;
  }

  /** Replies to the triggering message; resolves to the posted message id (the first one when split). */
  async reply(text: string, options: PostOptions = {}): Promise<number> {
    const ids = await this.send(text, { replyTo: this.message.id, lengthCheck: options.lengthCheck ?? true });
    return ids[0];
  }

  /** Posts to the room of the triggering message; resolves to the posted message id. */
  async post(text: string, options: PostOptions = {}): Promise<number> {
    const ids = await this.send(text, { lengthCheck: options.lengthCheck ?? true });
    return ids[0];
  }
}
