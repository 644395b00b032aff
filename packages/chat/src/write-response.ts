import { ChatError, DuplicateMessageError, MessageActionError, RoomAccessError, SendError } from './errors.js';

const THROTTLE = /You can perform this action again in (\d+) seconds?/i;

/** Seconds from a 409 body ("… again in 3 seconds." / "… in 1 second."); undefined when absent. */
export function parseThrottleSeconds(body: string): number | undefined {
  const m = THROTTLE.exec(body);
  return m ? Number(m[1]) : undefined;
}

/** How a write answer is to be treated. */
export type WriteOutcome =
  | { kind: 'ok'; body: string }
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'refused'; error: ChatError }
  | { kind: 'unexpected'; status: number };

function unquote(body: string): string {
  const t = body.trim();
  if (t.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v === 'string') return v;
    } catch {}
  }
  return t;
}

/** Parses "ending in 58 seconds" / "5 hours" / "3 minutes" into ms. */
function endingIn(text: string): number | undefined {
  const m = /ending in (\d+) (second|minute|hour|day)s?/i.exec(text);
  if (!m) return undefined;
  const unit = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 }[m[2]!.toLowerCase() as 'second'];
  return Number(m[1]) * unit;
}

/** Classifies a 404 sentence / frozen room answer. */
export function roomRefusal(text: string): RoomAccessError | undefined {
  const s = unquote(text);
  if (/room is in timeout/i.test(s)) return new RoomAccessError('timeout', 'the room is in timeout', endingIn(s));
  if (/account is blocked/i.test(s)) return new RoomAccessError('blocked', 'the account is blocked from chat', endingIn(s));
  if (/room has been frozen/i.test(s)) return new RoomAccessError('frozen', 'the room has been frozen');
  if (/does not exist|do not have permission/i.test(s)) return new RoomAccessError('no-access', 'the room does not exist, or the account may not post there');
  return undefined;
}

/**
 * Any write (§8.1/§8.2): 409 (or the throttle sentence anywhere) → throttled; 404 with a known
 * sentence → refused; 200 → ok; everything else → unexpected (refresh fkey, retry once).
 */
export function classifyWrite(status: number, body: string): WriteOutcome {
  const secs = parseThrottleSeconds(body);
  if (status === 409 || secs !== undefined) return { kind: 'throttled', retryAfterMs: (secs ?? 5) * 1000 };
  if (status === 404) {
    const r = roomRefusal(body);
    if (r) return { kind: 'refused', error: r };
    return { kind: 'unexpected', status };
  }
  if (status === 200) {
    const r = roomRefusal(body);
    if (r && r.reason === 'frozen') return { kind: 'refused', error: r };
    return { kind: 'ok', body };
  }
  return { kind: 'unexpected', status };
}

/** `POST /chats/{room}/messages/new` 200 body → the new message id. */
export function parseNewMessage(body: string): number {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw new SendError('the chat server answered the post with something that is not JSON', 200);
  }
  if (typeof v === 'object' && v !== null) {
    const id = (v as { id?: unknown }).id;
    if (typeof id === 'number' && id > 0) return id;
    throw new DuplicateMessageError();
  }
  throw new SendError('the chat server answered the post without a message id', 200);
}

/** Action endpoints answer `"ok"` (with quotes) or a quoted sentence. */
export function parseActionResult(action: string, body: string, okSentences: RegExp[] = []): void {
  const s = unquote(body);
  if (s === 'ok' || s === '') return;
  if (okSentences.some((r) => r.test(s))) return;
  throw new MessageActionError(action, s.slice(0, 200));
}
