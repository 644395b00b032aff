import type { ArgTypeDefinition } from './arg-type.js';

/** `<name>` or `<name:string>`: one word, as typed. */
export const stringArg: ArgTypeDefinition<string> = {
  parse: (raw) => raw,
  describe: () => 'a word',
};

/** `<name:text>` / `[name:text]`: the rest of the message as one string (its words joined by single spaces). */
export const textArg: ArgTypeDefinition<string> = {
  parse: (raw) => raw,
  describe: () => 'the rest of the message',
};
