import { ArgumentError } from '../../errors.js';
import type { ArgTypeDefinition } from './arg-type.js';

/** `url`: an http or https address, as a `URL`. */
export const urlArg: ArgTypeDefinition<URL> = {
  parse(raw) {
    const text = raw.replace(/^<(.*)>$/, '$1');
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ArgumentError(`"${raw}" is not a web address (http:// or https://)`);
    return url;
  },
  describe: () => 'a web address (http or https)',
};
