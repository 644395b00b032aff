import { ArgumentError } from '../../errors.js';
import type { UsagePattern } from '../usage-pattern.js';
import type { ArgSlot } from './arg-slot.js';
import type { ArgInput } from './arg-type.js';
import type { ArgTypes } from './arg-types.js';

/** Reads the named arguments of a matched usage into `ctx.params`. Throws ArgumentError (with `argument` set) for a word that does not fit. */
export async function parseParams(
  usage: UsagePattern, args: readonly string[], input: Omit<ArgInput, 'name' | 'option'>, types: ArgTypes,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const s of usage.slots) {
    const def = types.get(s.type);
    if (!def) throw new ArgumentError(`the type "${s.type}" is not registered`, s.name);
    const one = async (raw: string): Promise<unknown> => {
      try {
        return await def.parse(raw, { ...input, name: s.name, ...(s.option !== undefined ? { option: s.option } : {}) });
      } catch (err) {
        if (err instanceof ArgumentError && err.argument === undefined) err.argument = s.name;
        throw err;
      }
    };
    const rest = args.slice(s.from);
    switch (s.mode) {
      case 'one':
        out[s.name] = await one(args[s.from] ?? repliedTo(s, input));
        break;
      case 'optional':
        if (rest.length > 0) out[s.name] = await one(rest[0]!);
        break;
      case 'list': case 'list0': {
        const values: unknown[] = [];
        for (const raw of rest) values.push(await one(raw));
        out[s.name] = values;
        break;
      }
      case 'text': case 'text0':
        if (rest.length > 0) out[s.name] = await one(rest.join(' '));
        break;
    }
  }
  return out;
}

/** A last `<name:message>` left out: the message the command replies to. */
function repliedTo(s: ArgSlot, input: Omit<ArgInput, 'name' | 'option'>): string {
  const parent = input.message.isReply ? input.message.parentId : undefined;
  if (s.type === 'message' && parent !== undefined) return String(parent);
  throw new ArgumentError(s.type === 'message' ? 'no message given: give its id or link, or send the command as a reply to it' : 'not given', s.name);
}
