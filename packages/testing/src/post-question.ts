import type { ChatEmulator, EmuQuestion, SeApiEmulator } from '@botpy/emulator';

/** A question to post on the emulated site. */
export interface TestQuestion {
  /** Default `stackoverflow`. */
  site?: string;
  title: string;
  tags?: string[];
  body?: string;
  /** The asker's display name (default "Asker"). */
  owner?: string;
}

export interface PostQuestionOptions {
  /** The room to watch for the bot's report (default: the bot's first room). */
  roomId?: number;
  /** How long to wait for a report (default 15 s); the call rejects after it. */
  timeoutMs?: number;
  /**
   * Do not wait for a report: wait this long, then return what the bot reported meanwhile (maybe
   * nothing) — for "this question must not be reported".
   */
  quietMs?: number;
}

/** A bot message that reports a question. */
export interface QuestionReport {
  readonly id: number;
  readonly text: string;
  readonly roomId: number;
}

/**
 * Posts a question on the SE API emulator (it appears on the realtime socket and in the API) and
 * waits for the bot's report of it in chat: a message of the bot that contains the question's id
 * (its link does). Resolves to the question and the reports.
 */
export async function postQuestion(
  chat: ChatEmulator,
  se: SeApiEmulator,
  botUserId: () => number | undefined,
  defaultRoom: number,
  q: TestQuestion,
  o: PostQuestionOptions = {},
): Promise<{ question: EmuQuestion; reports: QuestionReport[] }> {
  const roomId = o.roomId ?? defaultRoom;
  const after = chat.world.transcript(roomId).at(-1)?.id ?? 0;
  const question = se.postQuestion({ site: q.site ?? 'stackoverflow', title: q.title, tags: q.tags ?? ['discussion'], owner: q.owner ?? 'Asker', ...(q.body ? { body: q.body } : {}) });
  const find = () =>
    chat.world
      .transcript(roomId)
      .filter((m) => m.id > after && m.userId === botUserId() && m.text.includes(String(question.question_id)))
      .map((m) => ({ id: m.id, text: m.text, roomId }));
  if (o.quietMs !== undefined) {
    await new Promise((r) => setTimeout(r, o.quietMs));
    return { question, reports: find() };
  }
  const timeoutMs = o.timeoutMs ?? 15_000;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const reports = find();
    if (reports.length > 0) return { question, reports };
    if (Date.now() > end) throw new Error(`the bot did not report question ${question.question_id} ("${q.title}") in room ${roomId} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
