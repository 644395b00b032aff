import type { RouteMatch } from '../commands/command-router.js';
import type { RegisteredCommand } from '../commands/command-manager.js';
import { ResponseTracker } from '../commands/response-tracker.js';
import type { RepliedMessage } from '../replies/replied-message.js';
import type { IncomingMessage, SendOptions, TransportEvent } from '../transport/chat-transport.js';
import type { HandledMessage, HandledOutcome } from './handled-message.js';

const NO_PARAMS: Record<string, unknown> = Object.freeze({});

/** How a stage ended the message. */
interface Ending {
  readonly stage: string;
  readonly outcome: HandledOutcome;
  readonly reason?: string;
  /** The command the words named, when no usage matched (outcome `'usage'`). */
  readonly command?: string;
}

/** One chat event on its way through the pipeline; stages read and fill it. */
export class MessageContext {
  /** The words after the ping (set by the addressing stage). */
  words: readonly string[] = [];
  /** The command and arguments (set by the route stage). */
  match: RouteMatch<RegisteredCommand> | undefined;
  /** The parsed named arguments (set by the params stage; empty for usages without them). */
  params: Record<string, unknown> = NO_PARAMS;
  /** For a reply command: the bot's message replied to (set by the reply-to stage). */
  repliedTo: RepliedMessage | undefined;
  private ending: Ending | null = null;
  private tracker: ResponseTracker | null = null;

  constructor(
    readonly event: TransportEvent,
    private readonly post: (roomId: number, text: string, options: SendOptions) => Promise<number[]>,
  ) {}

  /** The new message, when the event is one (event 1). */
  get message(): IncomingMessage | undefined {
    return this.event.type === 1 ? this.event.message : undefined;
  }

  /** Ends the message here: no later stage runs. `command`: the command the words named when none matched. */
  end(stage: string, outcome: HandledOutcome, reason?: string, command?: string): void {
    this.ending = reason === undefined && command === undefined ? { stage, outcome } : { stage, outcome, ...(reason !== undefined ? { reason } : {}), ...(command !== undefined ? { command } : {}) };
  }

  get ended(): boolean {
    return this.ending !== null;
  }

  /** Sends in the message's room; tracked, so `handled()` waits for the delivery. */
  send(text: string, options: SendOptions): Promise<number[]> {
    this.tracker ??= new ResponseTracker();
    return this.tracker.track(this.post(this.event.roomId, text, options));
  }

  /** What became of the message once everything it sent was delivered; null for events that are not new messages. */
  async handled(): Promise<HandledMessage | null> {
    const m = this.message;
    if (!m) return null;
    if (this.tracker) await this.tracker.settled();
    const e = this.ending ?? { stage: 'end', outcome: 'ignored' as const };
    return {
      messageId: m.id, roomId: this.event.roomId, outcome: e.outcome, sentIds: this.tracker ? [...this.tracker.ids] : [], stage: e.stage,
      ...(this.match ? { command: this.match.command.name } : e.command !== undefined ? { command: e.command } : {}), ...(e.reason !== undefined ? { reason: e.reason } : {}),
    };
  }
}
