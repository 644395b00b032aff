import { ArgumentError } from '../../errors.js';

/** Bounds written `min..max` (either may be left out: `1..`, `..10`), in a type's own units. */
export interface ValueRange {
  readonly min?: number;
  readonly max?: number;
  /** The bounds as written (`1m`, `1d`), for messages. */
  readonly minText?: string;
  readonly maxText?: string;
}

/** Reads `min..max` with `bound` reading each side; throws an Error naming the problem. */
export function parseRange(option: string | undefined, bound: (text: string) => number | undefined): ValueRange | undefined {
  if (option === undefined || option === '') return undefined;
  const m = /^([^.]*)\.\.([^.]*)$/.exec(option.replace(/\s+/g, ''));
  if (!m) throw new Error(`"${option}" is not a range: write min..max, min.. or ..max`);
  const side = (t: string) => {
    if (t === '') return undefined;
    const v = bound(t);
    if (v === undefined) throw new Error(`"${t}" in the range "${option}" cannot be read`);
    return v;
  };
  const min = side(m[1]!);
  const max = side(m[2]!);
  if (min === undefined && max === undefined) throw new Error(`the range "${option}" has no bound`);
  if (min !== undefined && max !== undefined && min > max) throw new Error(`the range "${option}" is empty (${m[1]} > ${m[2]})`);
  return { ...(min !== undefined ? { min, minText: m[1] } : {}), ...(max !== undefined ? { max, maxText: m[2] } : {}) };
}

/** Throws ArgumentError when `value` is outside the range (`raw` as typed, `bigger`/`smaller` the words: "more"/"less", "longer"/"shorter"). */
export function checkRange(value: number, raw: string, r: ValueRange | undefined, words: { more: string; less: string } = { more: 'more', less: 'less' }): void {
  if (!r) return;
  if (r.min !== undefined && value < r.min) throw new ArgumentError(`${raw} is ${words.less} than ${r.minText}`);
  if (r.max !== undefined && value > r.max) throw new ArgumentError(`${raw} is ${words.more} than ${r.maxText}`);
}

/** ` from 1 to 10`, ` of at least 1`, ` of at most 10`, or '' (for help). */
export function describeRange(r: ValueRange | undefined): string {
  if (!r) return '';
  if (r.minText !== undefined && r.maxText !== undefined) return ` from ${r.minText} to ${r.maxText}`;
  return r.minText !== undefined ? ` of at least ${r.minText}` : ` of at most ${r.maxText}`;
}
