/** Which Stack Exchange chat server the emulator pretends to be. */
export type ServerName = 'stackoverflow' | 'stackexchange' | 'meta';

/** Source of "now" (epoch milliseconds). Injectable so tests can move time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Server behaviours that are knobs (spec §7, §8, §10). Mutable at run time through `ChatEmulator.policies`. */
export interface ChatPolicies {
  /** Longest accepted message without a newline (UTF-16 code units). */
  singleLineLimit: number;
  /** Longest accepted message with a newline (unknown upstream). */
  multiLineLimit: number;
  /** Own messages can be edited/deleted this long after posting. */
  editWindowSeconds: number;
  /** Token bucket per account for post/edit/delete; null = no throttling. */
  throttle: { burst: number; perSecond: number } | null;
  /** Refuse a message whose text equals the account's previous message. */
  duplicateRefusal: boolean;
  /** Minimum characters after `@` for a ping to match. */
  pingPrefixMin: number;
  /** Login POST answers 302 to a non-root location (CAPTCHA). */
  captcha: boolean;
  /** Login page has no fkey input (site in read-only mode). */
  readOnly: boolean;
  /** Status of a POST whose fkey does not match the session. */
  fkeyRejectStatus: number;
  /** 0 = off; otherwise idle frames `{"r<room>":{}}` after this many seconds without a frame. */
  idleFrameSeconds: number;
  /** Larger request bodies get 413. */
  maxBodyBytes: number;
  /**
   * Multi-line and fixed-font messages longer than this many characters are rendered cut, as
   * `<div class='partial'>` / `<pre class='partial'>` holding the first lines (spec §6.4; the real
   * threshold is unknown); the full text stays at `/message/{id}?plain=true`. null = never cut.
   */
  partialAfterChars: number | null;
}

export function defaultPolicies(): ChatPolicies {
  return {
    singleLineLimit: 500,
    multiLineLimit: 20000,
    editWindowSeconds: 120,
    throttle: { burst: 10, perSecond: 1 },
    duplicateRefusal: true,
    pingPrefixMin: 3,
    captcha: false,
    readOnly: false,
    fkeyRejectStatus: 403,
    idleFrameSeconds: 0,
    maxBodyBytes: 1024 * 1024,
    partialAfterChars: 1000,
  };
}

/** A world description, as read by the CLI from a JSON file. */
export interface WorldFile {
  users: { id: number; name: string; email?: string; password?: string; moderator?: boolean }[];
  rooms: { id: number; name: string; description?: string; owners: number[] }[];
}

export interface EmuUser {
  id: number;
  name: string;
  email?: string;
  moderator: boolean;
  /** The profile's "about" text. */
  about?: string;
}

export interface EmuRoom {
  id: number;
  name: string;
  description: string;
  owners: number[];
  /** Tags shown on the room card. */
  tags?: string[];
}

export interface EmuMessage {
  id: number;
  roomId: number;
  userId: number;
  userName: string;
  /** Source markdown without the `:id` reply prefix. */
  text: string;
  /** As typed (what `/message/{id}?plain=true` returns). */
  source: string;
  /** Rendered HTML fragment (event `content`). */
  html: string;
  parentId?: number;
  /** Epoch seconds of the post. */
  time: number;
  edits: number;
  stars: number;
  pinned: boolean;
  deleted: boolean;
}

export type MessageChangeKind = 'posted' | 'edited' | 'deleted';

/** A chat event as sent on the wire (the items of an `e` array). */
export interface WireEvent {
  event_type: number;
  time_stamp: number;
  id: number;
  [field: string]: unknown;
}
