import { performance } from 'node:perf_hooks';
import { htmlToText, isTruncatedHtml } from './html-to-text.js';

/** A raw event object as sent by the server (items of an `e` / `events` array). */
export interface RawEvent {
  event_type?: unknown;
  id?: unknown;
  time_stamp?: unknown;
  room_id?: unknown;
  room_name?: unknown;
  user_id?: unknown;
  user_name?: unknown;
  message_id?: unknown;
  content?: unknown;
  message_edits?: unknown;
  message_stars?: unknown;
  message_owner_stars?: unknown;
  message_starred?: unknown;
  message_owner_starred?: unknown;
  parent_id?: unknown;
  show_parent?: unknown;
  parent_username?: unknown;
  parent_text?: unknown;
  target_user_id?: unknown;
  moved?: unknown;
  [key: string]: unknown;
}

/** Names of the §6.2 event types (plus the synthetic `UserKicked` and `Unknown`). */
export const EVENT_TYPE_NAMES = {
  1: 'MessagePosted',
  2: 'MessageEdited',
  3: 'UserEntered',
  4: 'UserLeft',
  5: 'RoomNameChanged',
  6: 'MessageStarred',
  7: 'DebugMessage',
  8: 'UserMentioned',
  9: 'MessageFlagged',
  10: 'MessageDeleted',
  11: 'FileAdded',
  12: 'ModeratorFlag',
  13: 'UserSettingsChanged',
  14: 'GlobalNotification',
  15: 'AccessLevelChanged',
  16: 'UserNotification',
  17: 'Invitation',
  18: 'MessageReply',
  19: 'MessageMovedOut',
  20: 'MessageMovedIn',
  21: 'TimeBreak',
  22: 'FeedTicker',
  29: 'UserSuspended',
  30: 'UserMerged',
  34: 'UserNameOrAvatarChanged',
} as const;

export type KnownEventName = (typeof EVENT_TYPE_NAMES)[keyof typeof EVENT_TYPE_NAMES];
export type EventName = KnownEventName | 'UserKicked' | 'Unknown';

/** Fetches the markdown source of a message (`GET /message/{id}?plain=true`); bound by the client. */
export type SourceFetcher = (messageId: number) => Promise<string>;

/** Epoch milliseconds, sub-millisecond precision, monotonic within the process. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}
/** The id of a raw event as `ChatEvent.id` reads it (number or numeric string); 0 when absent. */
export function eventIdOf(raw: RawEvent): number {
  return int(raw.id) ?? 0;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** Base of every typed event. `raw` is the server's object, unchanged. */
export class ChatEvent {
  readonly type: number;
  readonly typeName: EventName;
  /** Event id (same number space as the socket cursor `t`); 0 when the server sent none. */
  readonly id: number;
  readonly roomId: number;
  readonly roomName?: string;
  readonly timeStamp: number;
  /** Actor, where the server sends one (absent on 6). */
  readonly userId?: number;
  readonly userName?: string;
  readonly targetUserId?: number;
  readonly raw: RawEvent;
  /**
   * When the client received the socket frame (or HTTP body) that carried this event: epoch
   * milliseconds with sub-millisecond precision (`performance.timeOrigin + performance.now()`, so it
   * compares with `Date.now()` and is monotonic within a process). Events built by `parseEvents`
   * directly carry the time they were parsed.
   */
  receivedAt: number;

  constructor(raw: RawEvent, typeName?: EventName) {
    this.raw = raw;
    this.receivedAt = preciseNow();
    this.type = int(raw.event_type) ?? 0;
    this.typeName = typeName ?? (EVENT_TYPE_NAMES as Record<number, KnownEventName>)[this.type] ?? 'Unknown';
    this.id = eventIdOf(raw);
    this.roomId = int(raw.room_id) ?? 0;
    const rn = str(raw.room_name);
    if (rn !== undefined) this.roomName = rn;
    this.timeStamp = int(raw.time_stamp) ?? 0;
    const uid = int(raw.user_id);
    if (uid !== undefined) this.userId = uid;
    const un = str(raw.user_name);
    if (un !== undefined) this.userName = un;
    const t = int(raw.target_user_id);
    if (t !== undefined) this.targetUserId = t;
  }
}

/** Events that concern one message (1, 2, 6, 8, 10, 18, 19, 20, …). */
export class MessageRelatedEvent extends ChatEvent {
  readonly messageId: number;
  /** Rendered HTML content; '' when absent (deleted messages). */
  readonly html: string;
  /** Decoded plain text of `html` (entities decoded, `<br>` → newline, tags removed). */
  text: string;
  /** The HTML was cut by the server (`div.partial`): `text` is completed from `?plain=true` by the client. */
  readonly truncated: boolean;
  readonly parentId?: number;
  readonly showParent?: boolean;
  readonly edits: number;
  readonly stars: number;
  readonly pinned: boolean;
  /** @internal bound by the client */
  fetchSource?: SourceFetcher;

  constructor(raw: RawEvent, typeName?: EventName) {
    super(raw, typeName);
    this.messageId = int(raw.message_id) ?? 0;
    this.html = str(raw.content) ?? '';
    this.text = htmlToText(this.html);
    this.truncated = isTruncatedHtml(this.html);
    const p = int(raw.parent_id);
    if (p !== undefined) this.parentId = p;
    const sp = bool(raw.show_parent);
    if (sp !== undefined) this.showParent = sp;
    this.edits = int(raw.message_edits) ?? 0;
    this.stars = int(raw.message_stars) ?? 0;
    this.pinned = (int(raw.message_owner_stars) ?? 0) > 0;
  }

  /** The exact markdown source as typed (`GET /message/{id}?plain=true`, keeps a `:parent` prefix). */
  async source(): Promise<string> {
    if (!this.fetchSource) throw new Error('this event is not bound to a ChatClient: cannot fetch the message source');
    return this.fetchSource(this.messageId);
  }
}

/** 1 (MessagePosted) and 2 (MessageEdited): a message with content, merged with its 8/18. */
export class MessageEvent extends MessageRelatedEvent {
  /** The current account was @-pinged (a type 8 was merged into this event). */
  mentioned = false;
  /** This is a reply to a message of the current account (a type 18 was merged into this event). */
  repliedTo = false;
  /** Ids of the 8/18 events merged into this one. */
  readonly mergedEventIds: number[] = [];

  /** Merge a companion 8/18 (same message id) into this event. */
  merge(companion: ChatEvent): void {
    if (companion.type === 8) this.mentioned = true;
    if (companion.type === 18) this.repliedTo = true;
    this.mergedEventIds.push(companion.id);
    const r = companion.raw;
    // keep the richer payload of the companion
    const me = this as { parentId?: number; showParent?: boolean; targetUserId?: number };
    if (me.parentId === undefined && int(r.parent_id) !== undefined) me.parentId = int(r.parent_id);
    if (me.showParent === undefined && bool(r.show_parent) !== undefined) me.showParent = bool(r.show_parent);
    if (me.targetUserId === undefined && int(r.target_user_id) !== undefined) me.targetUserId = int(r.target_user_id);
  }
}
export class MessagePostedEvent extends MessageEvent {}
export class MessageEditedEvent extends MessageEvent {}
export class UserEnteredEvent extends ChatEvent {}
export class UserLeftEvent extends ChatEvent {}
/** Synthetic: a 4 and a 15 for the same user and room in one frame (how the server reports a kick). */
export class UserKickedEvent extends UserLeftEvent {
  /** The type-15 event that accompanied the 4. */
  readonly accessEvent: AccessLevelChangedEvent;
  constructor(left: RawEvent, access: AccessLevelChangedEvent) {
    super(left, 'UserKicked');
    this.accessEvent = access;
  }
}
export class RoomNameChangedEvent extends ChatEvent {}
export class MessageStarredEvent extends MessageRelatedEvent {
  readonly starredByMe?: boolean;
  readonly pinnedByMe?: boolean;
  constructor(raw: RawEvent) {
    super(raw);
    const s = bool(raw.message_starred);
    if (s !== undefined) this.starredByMe = s;
    const o = bool(raw.message_owner_starred);
    if (o !== undefined) this.pinnedByMe = o;
  }
}
export class DebugMessageEvent extends ChatEvent {}
/** 8 without its companion 1/2 in the same body. */
export class UserMentionedEvent extends MessageRelatedEvent {}
export class MessageFlaggedEvent extends MessageRelatedEvent {}
export class MessageDeletedEvent extends MessageRelatedEvent {}
export class FileAddedEvent extends ChatEvent {}
export class ModeratorFlagEvent extends MessageRelatedEvent {}
export class UserSettingsChangedEvent extends ChatEvent {}
export class GlobalNotificationEvent extends ChatEvent {}
export class AccessLevelChangedEvent extends ChatEvent {
  /** e.g. "Access now read-write" (decoded). */
  readonly content: string;
  constructor(raw: RawEvent) {
    super(raw);
    this.content = htmlToText(str(raw.content) ?? '');
  }
}
export class UserNotificationEvent extends ChatEvent {}
export class InvitationEvent extends ChatEvent {}
/** 18 without its companion 1/2 in the same body. */
export class MessageReplyEvent extends MessageRelatedEvent {}
export class MessageMovedOutEvent extends MessageRelatedEvent {}
export class MessageMovedInEvent extends MessageRelatedEvent {}
export class TimeBreakEvent extends ChatEvent {}
export class FeedTickerEvent extends ChatEvent {}
export class UserSuspendedEvent extends ChatEvent {}
export class UserMergedEvent extends ChatEvent {}
export class UserNameOrAvatarChangedEvent extends ChatEvent {}
/** Any type not in §6.2 (or an internal one): kept raw, never an error. */
export class UnknownEvent extends ChatEvent {
  constructor(raw: RawEvent) {
    super(raw, 'Unknown');
  }
}

const CLASSES: Record<number, new (raw: RawEvent) => ChatEvent> = {
  1: MessagePostedEvent,
  2: MessageEditedEvent,
  3: UserEnteredEvent,
  4: UserLeftEvent,
  5: RoomNameChangedEvent,
  6: MessageStarredEvent,
  7: DebugMessageEvent,
  8: UserMentionedEvent,
  9: MessageFlaggedEvent,
  10: MessageDeletedEvent,
  11: FileAddedEvent,
  12: ModeratorFlagEvent,
  13: UserSettingsChangedEvent,
  14: GlobalNotificationEvent,
  15: AccessLevelChangedEvent,
  16: UserNotificationEvent,
  17: InvitationEvent,
  18: MessageReplyEvent,
  19: MessageMovedOutEvent,
  20: MessageMovedInEvent,
  21: TimeBreakEvent,
  22: FeedTickerEvent,
  29: UserSuspendedEvent,
  30: UserMergedEvent,
  34: UserNameOrAvatarChangedEvent,
};

/** Build the typed event for one raw object; unknown types give `UnknownEvent`. Never throws. */
export function createEvent(raw: RawEvent): ChatEvent {
  const type = int(raw.event_type);
  const Cls = type !== undefined ? CLASSES[type] : undefined;
  try {
    return Cls ? new Cls(raw) : new UnknownEvent(raw);
  } catch {
    return new UnknownEvent(raw);
  }
}
