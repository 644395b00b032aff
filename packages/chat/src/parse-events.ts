import { AccessLevelChangedEvent, ChatEvent, MessageEvent, UserKickedEvent, createEvent, eventIdOf, type RawEvent } from './events.js';

/** What a body told us besides the events: the cursor (`t` / `time`) when present. */
export interface ParsedBody {
  events: ChatEvent[];
  /** Highest cursor in the body (`t` of a frame section, `time` of a /chats/{room}/events answer). */
  cursor?: number;
  /** Raw events with their section key, before merging (for diagnostics). */
  rawCount: number;
  /** The body is a heartbeat (`{"action":"hb"}`) that should be echoed. */
  heartbeat: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function collect(body: unknown, out: RawEvent[], cursors: number[]): boolean {
  if (Array.isArray(body)) {
    for (const e of body) if (isObject(e)) out.push(e as RawEvent);
    return false;
  }
  if (!isObject(body)) return false;
  if (body.action === 'hb') return true;
  if ('event_type' in body) {
    out.push(body as RawEvent);
    return false;
  }
  // /chats/{room}/events: {"ms","time","sync","events":[…]}
  if (Array.isArray(body.events)) {
    for (const e of body.events) if (isObject(e)) out.push(e as RawEvent);
    const t = num(body.time);
    if (t !== undefined) cursors.push(t);
  }
  // socket frame / poll answer: {"r1":{"e":[…],"t":…,"d":…}, …}
  for (const [key, section] of Object.entries(body)) {
    if (!/^r\d+$/.test(key) || !isObject(section)) continue;
    if (Array.isArray(section.e)) for (const e of section.e) if (isObject(e)) out.push(e as RawEvent);
    const t = num(section.t);
    if (t !== undefined) cursors.push(t);
  }
  return false;
}

/**
 * Like {@link parseEvents}, with the cursor of the body. Never throws: bad JSON or unexpected
 * shapes give no events.
 */
export function parseBody(body: string | object | null | undefined): ParsedBody {
  let data: unknown = body;
  if (typeof body === 'string') {
    try {
      data = JSON.parse(body);
    } catch {
      return { events: [], rawCount: 0, heartbeat: false };
    }
  }
  const raws: RawEvent[] = [];
  const cursors: number[] = [];
  let heartbeat = false;
  try {
    heartbeat = collect(data, raws, cursors);
  } catch {
    // keep whatever was collected
  }
  const result: ParsedBody = { events: mergeEvents(raws), rawCount: raws.length, heartbeat };
  if (cursors.length) result.cursor = Math.max(...cursors);
  return result;
}

/**
 * Turns a raw socket frame, an `/events` poll answer or a `/chats/{room}/events` answer (string or
 * parsed JSON; also a bare event or an array of events) into typed events: de-duplicated by event
 * id, in event-id order, each 8/18 merged into its 1/2 (same message id), a 4 + 15 for the same user
 * and room folded into a `UserKickedEvent`. Unknown types become `UnknownEvent`. Never throws.
 */
export function parseEvents(body: string | object | null | undefined): ChatEvent[] {
  return parseBody(body).events;
}

function mergeEvents(raws: RawEvent[]): ChatEvent[] {
  // de-duplicate by event id (8/18 are copied into every room section: a mention in a bot's frame
  // comes once per joined room), before building the typed events, so the copies cost nothing
  const seenIds = new Set<number>();
  const seenRaw = new Set<string>();
  const unique: ChatEvent[] = [];
  for (const raw of raws) {
    const id = eventIdOf(raw);
    if (id) {
      if (seenIds.has(id)) continue;
      seenIds.add(id);
    } else {
      const key = safeStringify(raw);
      if (seenRaw.has(key)) continue;
      seenRaw.add(key);
    }
    unique.push(createEvent(raw));
  }
  unique.sort((a, b) => a.id - b.id);

  // fold 8/18 into their 1/2
  const messages = new Map<number, MessageEvent>();
  for (const ev of unique) if (ev instanceof MessageEvent && ev.messageId) messages.set(ev.messageId, ev);
  const dropped = new Set<ChatEvent>();
  for (const ev of unique) {
    if (ev.type !== 8 && ev.type !== 18) continue;
    const mid = (ev as { messageId?: number }).messageId;
    const target = mid ? messages.get(mid) : undefined;
    if (target) {
      target.merge(ev);
      dropped.add(ev);
    }
  }

  // fold 4 + 15 (same target user and room) into a kick
  const access = unique.filter((e): e is AccessLevelChangedEvent => e instanceof AccessLevelChangedEvent);
  const kicks = new Map<ChatEvent, AccessLevelChangedEvent>();
  for (const ev of unique) {
    if (ev.type !== 4 || dropped.has(ev)) continue;
    const who = ev.targetUserId ?? ev.userId;
    const acc = access.find((a) => !dropped.has(a) && a.roomId === ev.roomId && (a.targetUserId ?? a.userId) === who);
    if (acc) {
      dropped.add(acc);
      kicks.set(ev, acc);
    }
  }
  const result: ChatEvent[] = [];
  for (const ev of unique) {
    if (dropped.has(ev)) continue;
    const acc = kicks.get(ev);
    result.push(acc ? new UserKickedEvent(ev.raw, acc) : ev);
  }
  return result.filter((e) => !dropped.has(e));
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(Math.random());
  }
}
