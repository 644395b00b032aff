import { ArgumentError } from '../../errors.js';
import type { ArgTypeDefinition } from './arg-type.js';
import { checkRange, describeRange, parseRange } from './value-range.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;

/** Milliseconds of a duration such as `90s`, `5m`, `2h`, `1d`, `1w`, `1h30m`, `250ms`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let m = PART.exec(t); m; m = PART.exec(t)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    end = PART.lastIndex;
  }
  return end === t.length ? Math.round(total) : undefined;
}

/** `duration`, `duration(1m..1d)`: a length of time, as milliseconds. */
export const durationArg: ArgTypeDefinition<number> = {
  parse(raw, { option }) {
    const ms = parseDuration(raw);
    if (ms === undefined) {
      const hint = /^\d+(\.\d+)?$/.test(raw) ? ` (add a unit: ${raw}s, ${raw}m, ${raw}h)` : ' (write it like 90s, 5m, 2h or 1d)';
      throw new ArgumentError(`"${raw}" is not a duration${hint}`);
    }
    checkRange(ms, raw, parseRange(option, parseDuration), { more: 'longer', less: 'shorter' });
    return ms;
  },
  describe: (option) => `a duration such as 90s, 5m or 2h${describeRange(parseRange(option, parseDuration))}`,
  checkOption: (option) => void parseRange(option, parseDuration),
};
