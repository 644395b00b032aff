import { ArgumentError } from '../../errors.js';
import type { ArgTypeDefinition } from './arg-type.js';

const choices = (option: string | undefined) => (option ?? '').split('|');

/** `<mode:soft|hard>`: one of the listed words (case-insensitive); the value is the word as listed. */
export const choiceArg: ArgTypeDefinition<string> = {
  parse(raw, { option }) {
    const found = choices(option).find((c) => c.toLowerCase() === raw.toLowerCase());
    if (found === undefined) throw new ArgumentError(`"${raw}" is not one of ${choices(option).join(', ')}`);
    return found;
  },
  describe: (option) => `one of ${choices(option).join(', ')}`,
  checkOption(option) {
    if (choices(option).length < 2) throw new Error('a choice lists at least two words: <mode:soft|hard>');
  },
};
