import type { IncomingMessage } from '../transport/chat-transport.js';
import type { CooldownOptions } from './cooldown-options.js';

/** What guards see of a command (a `RegisteredCommand`). */
export interface GuardedCommand {
  /** The class name. */
  readonly name: string;
  readonly usages: readonly string[];
  /** The required level; `'top'` follows the highest defined level. */
  readonly privilege: number | 'top';
  /** The rooms it runs in (`@Command({ rooms })`); undefined: every room. */
  readonly rooms?: readonly number[];
  /** `@Command({ cooldown })`. */
  readonly cooldown?: CooldownOptions;
}

/** What a guard is asked: may this user run this command in this room now? */
export interface GuardInput {
  readonly command: GuardedCommand;
  readonly roomId: number;
  readonly userId: number;
  /** The triggering message (absent in dry-run, e.g. when `help` asks). */
  readonly message?: IncomingMessage;
  /** True when only asking (`help`, `app.mayRun`): answer, but record nothing. */
  readonly dryRun: boolean;
  /** Epoch milliseconds of the check. */
  readonly now: number;
}

/** A guard's "no": an identifier for logs and `HandledMessage.reason`, and the reply (null: refuse silently). */
export interface GuardRefusal {
  readonly ok: false;
  /** Stable identifier, e.g. `'privilege'`, `'cooldown'`, `'rooms'`, `'disabled'`. */
  readonly id: string;
  /** What the user is told (null: nothing is posted, e.g. a repeated cooldown refusal). */
  readonly text: string | null;
  /** How the message counts in `HandledMessage.outcome` (default `'refused'`). */
  readonly outcome?: 'refused' | 'unusable';
}

export type GuardResult = { readonly ok: true } | GuardRefusal;

/**
 * A precondition of commands (Sapphire's preconditions): ok, or a refusal with an identifier and a
 * text. Global guards come from `bootstrap({ guards })`, per-command ones from `@Command({ guards })`
 * or `@UseGuards(...)`. `passed()` is called once every guard said ok and the command is about to
 * run (never in dry-run): where a guard records a use (a cooldown starts).
 */
export interface Guard {
  readonly id: string;
  check(input: GuardInput): GuardResult | Promise<GuardResult>;
  passed?(input: GuardInput): void;
}

/** A guard class, resolved from the app's container (constructor injection). */
export type GuardClass = new (...args: any[]) => Guard;

/** The "ok" result. */
export const ALLOW: GuardResult = Object.freeze({ ok: true as const });

/** Builds a refusal. */
export function refuse(id: string, text: string | null, outcome?: 'refused' | 'unusable'): GuardRefusal {
  return outcome ? { ok: false, id, text, outcome } : { ok: false, id, text };
}
