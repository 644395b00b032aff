import { EventEmitter } from 'node:events';
import { EmulatorError } from './emulator-error.js';
import type { World } from './world.js';

/**
 * What a bot did with one message, as the bot reported it in dev mode (POST
 * /emulator/api/dev/handled), completed with what the emulator knows: the message's text and
 * the texts of the messages the bot sent in response.
 */
export interface InspectEntry {
  messageId: number;
  roomId: number;
  /** The bot's outcome: ran, error, timeout, refused, unusable, unmatched, ignored, own, standby, not-configured… */
  outcome: string;
  /** The command the message named, when one did. */
  command?: string;
  /** Why the bot stopped there, when it said (e.g. the pipeline stage and its reason). */
  reason?: string;
  /** Milliseconds from receiving the message to the last reply delivered, when reported. */
  durationMs: number | null;
  /** The bot's name as it reported it. */
  app: string;
  /** The incoming message, without a `:id` reply prefix (null when the emulator does not know it). */
  incoming: { userId: number; userName: string; text: string } | null;
  /** What the bot sent in response (texts without the `:id` reply prefix), in delivery order. */
  sent: { id: number; text: string }[];
  /** Epoch ms of the report. */
  at: number;
}

const KEPT = 1000;

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const str = (v: unknown, max = 500): string | undefined => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined);

/** The bot inspector's store: the last 1000 reports, newest last, and a listener for new ones. */
export class BotInspector {
  private readonly entries = new Map<number, InspectEntry>();
  private readonly emitter = new EventEmitter();

  constructor(private readonly world: World) {
    this.emitter.setMaxListeners(0);
  }

  /** Records one report (a JSON object from the bot's dev hook); a malformed one is an EmulatorError. */
  record(raw: Record<string, unknown>): InspectEntry {
    const messageId = int(raw.messageId);
    const roomId = int(raw.roomId);
    const outcome = str(raw.outcome, 40);
    if (messageId === undefined || roomId === undefined || outcome === undefined) {
      throw new EmulatorError('BAD_REPORT', 'a handled-message report needs messageId and roomId (integers) and an outcome');
    }
    const sentIds = Array.isArray(raw.sentIds) ? raw.sentIds.filter((x): x is number => int(x) !== undefined) : [];
    const m = this.world.message(messageId);
    const entry: InspectEntry = {
      messageId,
      roomId,
      outcome,
      durationMs: typeof raw.durationMs === 'number' && raw.durationMs >= 0 ? Math.round(raw.durationMs) : null,
      app: str(raw.app, 100) ?? 'the bot',
      incoming: m ? { userId: m.userId, userName: m.userName, text: m.text } : null,
      sent: sentIds.map((id) => ({ id, text: this.world.message(id)?.text ?? '(unknown message)' })),
      at: Date.now(),
    };
    const command = str(raw.command, 100);
    if (command !== undefined) entry.command = command;
    const reason = str(raw.reason);
    if (reason !== undefined) entry.reason = reason;
    this.entries.delete(messageId);
    this.entries.set(messageId, entry);
    if (this.entries.size > KEPT) this.entries.delete(this.entries.keys().next().value as number);
    this.emitter.emit('entry', entry);
    return entry;
  }

  /** The reports of a room, oldest first. */
  list(roomId: number): InspectEntry[] {
    return [...this.entries.values()].filter((e) => e.roomId === roomId);
  }

  /** The report of one message, if any. */
  get(messageId: number): InspectEntry | undefined {
    return this.entries.get(messageId);
  }

  onEntry(fn: (e: InspectEntry) => void): () => void {
    this.emitter.on('entry', fn);
    return () => this.emitter.off('entry', fn);
  }
}
