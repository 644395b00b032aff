import { ConfigError } from '../../errors.js';
import type { ArgSlot } from './arg-slot.js';
import type { ArgParser, ArgTypeDefinition } from './arg-type.js';
import { choiceArg } from './choice-arg.js';
import { durationArg } from './duration-arg.js';
import { messageArg } from './message-arg.js';
import { intArg, numberArg } from './number-arg.js';
import { roomArg } from './room-arg.js';
import { stringArg, textArg } from './text-arg.js';
import { urlArg } from './url-arg.js';
import { userArg } from './user-arg.js';

const BUILT_IN: Readonly<Record<string, ArgTypeDefinition>> = {
  int: intArg, number: numberArg, string: stringArg, text: textArg, choice: choiceArg, duration: durationArg,
  user: userArg, room: roomArg, message: messageArg, url: urlArg,
};

/** The names of the built-in argument types. */
export const builtInArgTypes: readonly string[] = Object.keys(BUILT_IN);

/**
 * The argument types of one application: the built-ins plus the app's own (`bootstrap({ argTypes })`).
 * One instance per app, registered in the app's child container (no global registry).
 */
export class ArgTypes {
  private readonly types = new Map<string, ArgTypeDefinition>(Object.entries(BUILT_IN));

  constructor(custom: Readonly<Record<string, ArgParser>> = {}) {
    if (typeof custom !== 'object' || custom === null || Array.isArray(custom)) throw new ConfigError('argTypes must be an object of { typeName: (word, input) => value }');
    for (const [name, parse] of Object.entries(custom)) {
      if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new ConfigError(`argTypes: "${name}" is not a usable type name (letters, digits, _ and -)`);
      if (BUILT_IN[name]) throw new ConfigError(`argTypes: "${name}" is a built-in type; give yours another name`);
      if (typeof parse !== 'function') throw new ConfigError(`argTypes.${name} must be a function (word, input) => value`);
      this.types.set(name, { parse, describe: () => `a ${name}` });
    }
  }

  /** The type called `name`, or undefined. */
  get(name: string): ArgTypeDefinition | undefined {
    return this.types.get(name);
  }

  /** The names of every type, built-ins first. */
  names(): string[] {
    return [...this.types.keys()];
  }

  /** Checks a command's named arguments at bootstrap: known types, usable options. Throws ConfigError naming the command and the usage. */
  check(command: string, usage: string, slots: readonly ArgSlot[]): void {
    for (const s of slots) {
      const t = this.types.get(s.type);
      if (!t) throw new ConfigError(`${command}: usage "${usage}": ${s.source} has the unknown type "${s.type}" (known: ${this.names().join(', ')}; add yours with bootstrap({ argTypes }))`);
      try {
        t.checkOption?.(s.option);
      } catch (err) {
        throw new ConfigError(`${command}: usage "${usage}": ${s.source}: ${(err as Error).message}`);
      }
    }
  }

  /** How `help <command>` describes an argument: `minutes: a whole number from 1 to 1440`. */
  describe(s: ArgSlot): string {
    const what = this.types.get(s.type)?.describe(s.option) ?? `a ${s.type}`;
    switch (s.mode) {
      case 'list': return `${s.name}: one or more, each ${what}`;
      case 'list0': return `${s.name}: any number (optional), each ${what}`;
      case 'optional': case 'text0': return `${s.name} (optional): ${what}`;
      default: return `${s.name}: ${what}`;
    }
  }
}
