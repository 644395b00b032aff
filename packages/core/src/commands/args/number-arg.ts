import { ArgumentError } from '../../errors.js';
import type { ArgTypeDefinition } from './arg-type.js';
import { checkRange, describeRange, parseRange } from './value-range.js';

const INT = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

const readInt = (t: string) => (INT.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : undefined);
const readNumber = (t: string) => (NUMBER.test(t) && Number.isFinite(Number(t)) ? Number(t) : undefined);

/** `int`, `int(1..1440)`: a whole number, optionally within a range. */
export const intArg: ArgTypeDefinition<number> = {
  parse(raw, { option }) {
    const v = readInt(raw);
    if (v === undefined) throw new ArgumentError(`"${raw}" is not a whole number`);
    checkRange(v, raw, parseRange(option, readInt));
    return v;
  },
  describe: (option) => `a whole number${describeRange(parseRange(option, readInt))}`,
  checkOption: (option) => void parseRange(option, readInt),
};

/** `number`, `number(0..1)`: a decimal number (`2.5`, `-3`, `1e3`), optionally within a range. */
export const numberArg: ArgTypeDefinition<number> = {
  parse(raw, { option }) {
    const v = readNumber(raw);
    if (v === undefined) throw new ArgumentError(`"${raw}" is not a number`);
    checkRange(v, raw, parseRange(option, readNumber));
    return v;
  },
  describe: (option) => `a number${describeRange(parseRange(option, readNumber))}`,
  checkOption: (option) => void parseRange(option, readNumber),
};
