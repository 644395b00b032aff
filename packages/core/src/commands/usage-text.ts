import { getCommandMetadata } from '../decorators/command.decorator.js';
import type { RegisteredCommand } from './command-manager.js';
import { parseUsagePattern } from './usage-pattern.js';

/**
 * A usage pattern as a chat user reads it: `echo * ...` → `echo <text…>`, `privilege * *` →
 * `privilege <user> <level>`, `test ...` → `test [args…]`. Argument names come from `names` (the
 * command's `args` metadata, in the order of the pattern's `*` and `...`), else `<arg>` (numbered
 * when there are several) and `[args…]`. A `*` right before the final `...` reads as one or more:
 * `<name…>`.
 */
export function renderUsage(source: string, names: readonly string[] = []): string {
  const p = parseUsagePattern(source);
  const stars = p.tokens.filter((t) => t.kind === 'argument').length;
  const out: string[] = [];
  let n = 0;
  const starName = () => names[n] ?? (stars > 1 ? `arg${n + 1}` : 'arg');
  p.tokens.forEach((t, i) => {
    if (t.kind === 'literal') {
      out.push(t.word);
      return;
    }
    const oneOrMore = p.variadic && i === p.tokens.length - 1;
    out.push(oneOrMore ? `<${starName()}…>` : `<${starName()}>`);
    n++;
  });
  const lastIsStar = p.tokens[p.tokens.length - 1]?.kind === 'argument';
  if (p.variadic && !lastIsStar) out.push(`[${names[n] ?? 'args'}…]`);
  return out.join(' ');
}

/** Every usage of a command, readable (see renderUsage), with its argument names from `@Command({ args })`. */
export function commandUsages(c: RegisteredCommand): string[] {
  const names = getCommandMetadata(c.type)?.args ?? [];
  return c.usages.map((u) => renderUsage(u, names));
}

/** The command's name in chat: its first usage's first word (`alive`, `privilege`, `running`…). */
export function commandWord(c: RegisteredCommand): string {
  return c.usages[0]!.trim().split(/\s+/)[0]!.toLowerCase();
}
