import { BotpyError } from '../errors.js';

/**
 * Why chat refused an action on a message: `too-late` (an own message older than the edit window,
 * 2 minutes on real chat), `deleted`, `not-yours` (someone else's message), `not-permitted` (room
 * owners and moderators only: pin, cancel stars, move), `no-such-message`, `other`.
 */
export type ChatActionRefusal = 'too-late' | 'deleted' | 'not-yours' | 'not-permitted' | 'no-such-message' | 'other';

const CODES: Record<ChatActionRefusal, string> = {
  'too-late': 'TOO_LATE',
  deleted: 'MESSAGE_DELETED',
  'not-yours': 'NOT_OWN_MESSAGE',
  'not-permitted': 'NOT_PERMITTED',
  'no-such-message': 'NO_SUCH_MESSAGE',
  other: 'ACTION_REFUSED',
};

const SAY: Record<ChatActionRefusal, string> = {
  'too-late': 'it is too late: chat allows editing and deleting own messages only within 2 minutes',
  deleted: 'the message is deleted',
  'not-yours': 'only its author can do that',
  'not-permitted': 'only room owners and moderators can do that',
  'no-such-message': 'there is no such message',
  other: 'chat refused it',
};

/**
 * Chat refused an action on a message (never a silent no-op). `code` tells which refusal:
 * TOO_LATE, MESSAGE_DELETED, NOT_OWN_MESSAGE, NOT_PERMITTED, NO_SUCH_MESSAGE, ACTION_REFUSED.
 */
export class ChatActionError extends BotpyError {
  readonly action: string;
  readonly refusal: ChatActionRefusal;
  readonly messageId?: number;
  /** Chat's own sentence, when it gave one. */
  readonly reason?: string;
  constructor(action: string, refusal: ChatActionRefusal, o: { messageId?: number; reason?: string; cause?: unknown } = {}) {
    super(CODES[refusal], `cannot ${action}${o.messageId !== undefined ? ` message ${o.messageId}` : ''}: ${o.reason && refusal === 'other' ? o.reason : SAY[refusal]}`, o.cause !== undefined ? { cause: o.cause } : undefined);
    this.action = action;
    this.refusal = refusal;
    if (o.messageId !== undefined) this.messageId = o.messageId;
    if (o.reason !== undefined) this.reason = o.reason;
  }
}
