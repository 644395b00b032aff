import { ConversationCancelledError, ConversationTimeoutError } from '../errors.js';
import type { IncomingMessage } from '../transport/chat-transport.js';

/** What `ctx.ask` resolves with: the user's answer. */
export interface Answer {
  /** The answer's text, trimmed; a leading ping of the bot (or chat's reply prefix, rendered `@BotName`) removed. */
  readonly text: string;
  /** `text` split on whitespace. */
  readonly words: readonly string[];
  /** The answering message itself. */
  readonly message: IncomingMessage;
}

/** One question waiting for its answer. */
export interface PendingQuestion {
  readonly roomId: number;
  readonly userId: number;
  /** The bot's message(s) that asked (a reply to one of them is an answer to this question). */
  readonly questionIds: ReadonlySet<number>;
  /** Epoch ms at which it was asked. */
  readonly askedAt: number;
}

/** What `open` needs. */
export interface WaitRequest {
  readonly roomId: number;
  readonly userId: number;
  /** Milliseconds before the wait rejects with ConversationTimeoutError. */
  readonly timeoutMs: number;
  /** Aborted: the wait rejects with ConversationCancelledError (the command was abandoned, the app stops). */
  readonly signal?: AbortSignal;
}

interface Waiter extends PendingQuestion {
  readonly questionIds: Set<number>;
  settle(outcome: { message: IncomingMessage } | { error: Error }): void;
}

/** A question being asked: open before it is posted, so even an answer faster than the post's confirmation is caught. */
export interface OpenQuestion {
  /** Resolves with the answering message; rejects with ConversationTimeoutError or ConversationCancelledError. */
  readonly answer: Promise<IncomingMessage>;
  /** Records the ids of the posted question (a reply to one of them answers it). */
  posted(ids: readonly number[]): void;
  /** Ends the question with this error (e.g. posting it failed). */
  fail(err: Error): void;
}

/**
 * The questions the bot is waiting on (`ctx.ask`, `ctx.confirm`), per room and user, oldest first.
 * The conversation stage hands each waiting user's next message in the room to the oldest of their
 * questions there (or to the question it replies to). Every wait is bounded by its timeout, and
 * ends at once when its signal aborts or the application stops (`cancelAll`).
 */
export class Conversations {
  private readonly byKey = new Map<string, Waiter[]>();
  private count = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** How many questions are waiting (0 on the hot path: the stage then does nothing). */
  get size(): number {
    return this.count;
  }

  /** The questions waiting, oldest first (for `running`-style listings and tests). */
  pending(): PendingQuestion[] {
    return [...this.byKey.values()].flat().map(({ roomId, userId, questionIds, askedAt }) => ({ roomId, userId, questionIds, askedAt }));
  }

  /**
   * Opens a question of the user in the room: from now on their next message there answers it.
   * The wait is bounded by `timeoutMs` and ends when `signal` aborts or `cancelAll` is called.
   */
  open(r: WaitRequest): OpenQuestion {
    let waiter: Waiter | undefined;
    const ids = new Set<number>();
    const answer = new Promise<IncomingMessage>((resolve, reject) => {
      if (r.signal?.aborted) {
        reject(new ConversationCancelledError(describeAbort(r.signal.reason), { cause: r.signal.reason }));
        return;
      }
      const key = keyOf(r.roomId, r.userId);
      let timer: NodeJS.Timeout | undefined = undefined;
      const w: Waiter = {
        roomId: r.roomId, userId: r.userId, questionIds: ids, askedAt: this.now(),
        settle: (outcome) => {
          if (!this.remove(key, w)) return; // settled already
          clearTimeout(timer);
          r.signal?.removeEventListener('abort', onAbort);
          if ('message' in outcome) resolve(outcome.message);
          else reject(outcome.error);
        },
      };
      const onAbort = () => w.settle({ error: new ConversationCancelledError(describeAbort(r.signal?.reason), { cause: r.signal?.reason }) });
      waiter = w;
      const list = this.byKey.get(key);
      if (list) list.push(w);
      else this.byKey.set(key, [w]);
      this.count++;
      timer = setTimeout(() => w.settle({ error: new ConversationTimeoutError(r.timeoutMs / 1000) }), r.timeoutMs);
      r.signal?.addEventListener('abort', onAbort, { once: true });
    });
    return {
      answer,
      posted: (posted) => {
        for (const id of posted) ids.add(id);
      },
      fail: (err) => waiter?.settle({ error: err }),
    };
  }

  /** The question this message would answer: one it replies to, else the user's oldest in the room; null when none. */
  questionFor(m: IncomingMessage): PendingQuestion | null {
    return this.find(m);
  }

  /** Gives the message to the question it answers; false when it answers none. */
  answer(m: IncomingMessage): boolean {
    const w = this.find(m);
    if (!w) return false;
    w.settle({ message: m });
    return true;
  }

  /** Ends every waiting question with ConversationCancelledError (the application is stopping). */
  cancelAll(reason: string): void {
    for (const list of [...this.byKey.values()]) for (const w of [...list]) w.settle({ error: new ConversationCancelledError(reason) });
  }

  private find(m: IncomingMessage): Waiter | null {
    const list = this.byKey.get(keyOf(m.room.id, m.user.id));
    if (!list) return null;
    if (m.isReply && m.parentId !== undefined) {
      const replied = list.find((w) => w.questionIds.has(m.parentId!));
      if (replied) return replied;
    }
    return list[0];
  }

  private remove(key: string, w: Waiter): boolean {
    const list = this.byKey.get(key);
    const i = list ? list.indexOf(w) : -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(key);
    this.count--;
    return true;
  }
}

function keyOf(roomId: number, userId: number): string {
  return `${roomId}:${userId}`;
}

function describeAbort(reason: unknown): string {
  if (reason instanceof Error && (reason as { code?: unknown }).code === 'COMMAND_TIMEOUT') return 'the command did not finish within its timeout';
  return 'the application is stopping';
}
