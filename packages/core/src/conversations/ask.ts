import { isPingOf } from '../commands/addressing.js';
import { ConfigError } from '../errors.js';
import type { IncomingMessage, SendOptions } from '../transport/chat-transport.js';
import type { Answer, Conversations } from './conversations.js';

/** Default seconds `ctx.ask` / `ctx.confirm` wait for an answer. */
export const DEFAULT_ASK_TIMEOUT_S = 60;

/** Options of `ctx.ask`. */
export interface AskOptions {
  /** Seconds to wait for the answer (default 60); then the question rejects with ConversationTimeoutError. */
  timeout?: number;
}

/** Options of `ctx.confirm`. */
export type ConfirmOptions = AskOptions;

/** What a command's context lends to its questions. */
export interface Asker {
  readonly conversations: Conversations;
  readonly message: IncomingMessage;
  readonly signal: AbortSignal;
  /** The bot's names (a leading ping of one is not part of the answer). */
  names(): readonly string[];
  /** Pauses the command's own timeout while waiting; returns the resume function. */
  pause(): () => void;
  send(text: string, options: SendOptions): Promise<number[]>;
}

/** Posts the question as a reply to the command's message and waits for the same user's answer in that room. */
export async function ask(a: Asker, text: string, options: AskOptions = {}): Promise<Answer> {
  const seconds = options.timeout ?? DEFAULT_ASK_TIMEOUT_S;
  if (typeof seconds !== 'number' || !(seconds > 0) || !Number.isFinite(seconds)) throw new ConfigError(`ask: timeout must be a positive number of seconds, got ${String(seconds)}`);
  const m = a.message;
  // Opened before the question is posted: an answer that arrives before the post is confirmed is caught too.
  const question = a.conversations.open({ roomId: m.room.id, userId: m.user.id, timeoutMs: seconds * 1000, signal: a.signal });
  const resume = a.pause();
  try {
    try {
      question.posted(await a.send(text, { replyTo: m.id, lengthCheck: true }));
    } catch (err) {
      question.fail(err as Error);
      question.answer.catch(() => undefined);
      throw err;
    }
    return toAnswer(await question.answer, a.names());
  } finally {
    resume();
  }
}

const YES = new Set(['y', 'yes']);
const NO = new Set(['n', 'no']);

/**
 * Asks a yes/no question: y/yes → true, n/no → false (case-insensitive, trailing punctuation
 * ignored). Anything else is asked once more ("Please answer yes or no."), and a second answer
 * that is neither resolves to false: a confirmation is never assumed.
 */
export async function confirm(a: Asker, text: string, options: ConfirmOptions = {}): Promise<boolean> {
  let question = text;
  for (let attempt = 0; attempt < 2; attempt++) {
    const word = yesNo((await ask(a, question, options)).text);
    if (word !== null) return word;
    question = `Please answer yes or no. ${text}`;
  }
  return false;
}

/** true for yes, false for no, null for anything else. */
export function yesNo(text: string): boolean | null {
  const word = text.trim().toLowerCase().replace(/[.!?,;:]+$/, '');
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return null;
}

function toAnswer(message: IncomingMessage, names: readonly string[]): Answer {
  let words = message.text.trim().split(/\s+/).filter((w) => w.length > 0);
  // chat renders a reply's `:id` prefix as `@BotName`; a ping of the bot is not part of the answer either
  if (words.length > 0 && isPingOf(words[0], names)) words = words.slice(1);
  return { text: words.join(' '), words, message };
}
