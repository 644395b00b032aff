import type { PrivilegeService } from '../../privileges/privilege-service.js';
import type { RegisteredCommand } from '../command-manager.js';
import { commandUsages, commandWord } from '../usage-text.js';

/** How a reply command is used, in words (empty for other commands). */
function asReply(c: RegisteredCommand): string {
  if (!c.onReplyTo) return '';
  return c.onReplyTo === true ? 'as a reply to one of my messages that carries data (a report)' : 'as a reply to one of my messages';
}

/** One line of `help`: the command's usages, readable, then its description; a reply command says so. */
export function helpLine(c: RegisteredCommand): string {
  const [first, ...more] = commandUsages(c);
  const also = more.length ? ` (or ${more.join(', ')})` : '';
  const reply = c.onReplyTo ? ` (${asReply(c)})` : '';
  return `${first}${also}${reply}${c.description ? ` — ${c.description}` : ''}`;
}

/** Who may run a command, in words: `anyone`, `the moderator (2) privilege or higher`, `the room's owners`. */
export function whoMayRun(c: RegisteredCommand, privileges: PrivilegeService, ownersWithoutLevels: boolean): string {
  const level = c.privilege === 'top' ? privileges.topLevel : c.privilege;
  if (c.privilege === 'top' && level === 0) return ownersWithoutLevels ? "the room's owners" : 'anyone';
  if (level === 0) return 'anyone';
  return `the ${privileges.levelName(level)} (${level}) privilege or higher`;
}

/** What `help <command>` says about one command: all its usages, its description, who may run it, and its argument details. */
export function helpDetail(
  c: RegisteredCommand, o: { address: string; privileges: PrivilegeService; ownersWithoutLevels: boolean; mayRun: boolean; argLines?: readonly string[] },
): string {
  const usages = commandUsages(c);
  const lines = [`${commandWord(c)}${c.description ? ` — ${c.description}` : ''}`];
  // a reply command is not addressed with @name: chat's reply (":<message id> word") addresses the bot
  usages.forEach((u, i) => lines.push(`${i === 0 ? 'usage:' : '   or:'} ${c.onReplyTo ? ':<message id>' : o.address} ${u}`));
  if (c.onReplyTo) lines.push(`  ${asReply(c)}`);
  for (const a of o.argLines ?? []) lines.push(`  ${a}`);
  const who = whoMayRun(c, o.privileges, o.ownersWithoutLevels);
  const extra = [
    c.rooms ? `only in room${c.rooms.length > 1 ? 's' : ''} ${c.rooms.join(', ')}` : '',
    c.cooldown ? `at most once every ${c.cooldown.seconds} s${c.cooldown.per === 'global' ? '' : ` per ${c.cooldown.per}`}` : '',
  ].filter(Boolean);
  lines.push(`who: ${who}${extra.length ? `; ${extra.join('; ')}` : ''}. ${o.mayRun ? 'You may run it here.' : 'You may not run it here.'}`);
  return lines.join('\n');
}

/** The command a `help <words>` asks about: the one whose usage starts with those words (longest), else whose first word they start with. */
export function findCommandByWords(words: readonly string[], commands: readonly RegisteredCommand[]): RegisteredCommand | undefined {
  const wanted = words.map((w) => w.toLowerCase());
  let best: { c: RegisteredCommand; n: number } | undefined;
  for (const c of commands) {
    for (const u of c.usages) {
      const lits = u.trim().toLowerCase().split(/\s+/);
      let n = 0;
      while (n < wanted.length && n < lits.length && lits[n] === wanted[n]) n++;
      if (n > 0 && (!best || n > best.n)) best = { c, n };
    }
  }
  return best?.c;
}
