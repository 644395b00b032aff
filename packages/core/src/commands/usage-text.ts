import { getCommandMetadata } from '../decorators/command.decorator.js';
import type { ArgSlot } from './args/arg-slot.js';
import type { RegisteredCommand } from './command-manager.js';
import { parseUsagePattern } from './usage-pattern.js';

/** A named argument as a chat user reads it: `<user>`, `[minutes]`, `<ids…>`, `[reason…]`. */
export function renderSlot(s: ArgSlot): string {
  switch (s.mode) {
    case 'one': return `<${s.name}>`;
    case 'optional': return `[${s.name}]`;
    case 'list': case 'text': return `<${s.name}…>`;
    case 'list0': case 'text0': return `[${s.name}…]`;
  }
}

/**
 * A usage pattern as a chat user reads it: `echo * ...` → `echo <text…>`, `privilege * *` →
 * `privilege <user> <level>`, `test ...` → `test [args…]`, `ban <user:user> [minutes:int]` →
 * `ban <user> [minutes]`. Names of `*` and `...` come from `names` (the command's `args` metadata,
 * in the order of the pattern's `*` and `...`), else `<arg>` (numbered when there are several) and
 * `[args…]`. A `*` right before the final `...` reads as one or more: `<name…>`.
 */
export function renderUsage(source: string, names: readonly string[] = []): string {
  const p = parseUsagePattern(source);
  const stars = p.tokens.filter((t) => t.kind === 'argument' && !t.slot).length;
  const last = p.tokens[p.tokens.length - 1];
  // the named argument that has no token of its own ([name], [name...], [name:text], a last <name:message>)
  const tail = p.slots.find((s) => !p.tokens.some((t) => t.kind === 'argument' && t.slot === s));
  const restIsLastToken = p.variadic && !tail && last?.kind === 'argument' && (!last.slot || last.slot.mode === 'list' || last.slot.mode === 'text');
  const out: string[] = [];
  let n = 0;
  const starName = () => names[n] ?? (stars > 1 ? `arg${n + 1}` : 'arg');
  p.tokens.forEach((t, i) => {
    if (t.kind === 'literal') {
      out.push(t.word);
    } else if (t.slot) {
      out.push(renderSlot(t.slot));
    } else {
      out.push(restIsLastToken && i === p.tokens.length - 1 ? `<${starName()}…>` : `<${starName()}>`);
      n++;
    }
  });
  if (tail) out.push(renderSlot(tail));
  else if (p.variadic && !restIsLastToken) out.push(`[${names[n] ?? 'args'}…]`);
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
