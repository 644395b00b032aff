import type { CooldownOptions } from './cooldown-options.js';
import { ALLOW, refuse, type Guard, type GuardedCommand, type GuardInput, type GuardResult } from './guard.js';

/** Remembered runs kept at most (the oldest are dropped first; they expire anyway). */
const MAX_ENTRIES = 10_000;

/**
 * Cooldowns: after a run, the same command waits `seconds` per user, room or globally. A refused
 * user is told once when it may run again; insisting meanwhile is refused silently (no reply storm).
 * Dry-run (help) answers ok: a cooldown is a matter of time, not of permission.
 */
export class CooldownGuard implements Guard {
  readonly id = 'cooldown';
  /** key → { until: epoch ms the command may run again, told: the refusal was already posted }. */
  private readonly entries = new Map<string, { until: number; told: boolean }>();

  check(input: GuardInput): GuardResult {
    const c = input.command.cooldown;
    if (!c || input.dryRun) return ALLOW;
    const key = keyOf(input.command, c, input.roomId, input.userId);
    const e = this.entries.get(key);
    if (!e || e.until <= input.now) return ALLOW;
    const wait = Math.ceil((e.until - input.now) / 1000);
    if (e.told) return refuse('cooldown', null);
    e.told = true;
    const whose = c.per === 'global' ? '' : c.per === 'room' ? ' in this room' : ' for you';
    return refuse('cooldown', `That command is cooling down${whose}: try again in ${wait} s.`);
  }

  passed(input: GuardInput): void {
    const c = input.command.cooldown;
    if (!c) return;
    const key = keyOf(input.command, c, input.roomId, input.userId);
    this.entries.delete(key);
    this.entries.set(key, { until: input.now + c.seconds * 1000, told: false });
    if (this.entries.size > MAX_ENTRIES) this.prune(input.now);
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (e.until <= now || this.entries.size > MAX_ENTRIES) this.entries.delete(k);
  }
}

function keyOf(command: GuardedCommand, c: CooldownOptions, roomId: number, userId: number): string {
  const per = c.per ?? 'user';
  return per === 'global' ? command.name : per === 'room' ? `${command.name}:${roomId}` : `${command.name}::${userId}`;
}
