import type { BootstrapOptions, ChatHost } from './bot-options.js';
import { ConfigError } from './errors.js';
import type { ReplyDataOptions } from './replies/reply-data-store.js';
import { closestMatch } from './text/closest-match.js';

/** Every option bootstrap() knows; the compiler checks the list against BootstrapOptions. */
const KNOWN_OPTIONS = [
  'name', 'rooms', 'host', 'email', 'password', 'commands', 'tasks', 'handlers', 'defaultCommands', 'privileges',
  'commandPrivileges', 'roomOwnersMax', 'topCommandsWithoutLevels', 'aliases', 'storageDir', 'messages', 'origins',
  'redunda', 'health', 'logger', 'container', 'commandTimeout', 'housekeepingInterval', 'stopGrace', 'drainTimeout', 'handleSignals',
  'reexec', 'location', 'transport', 'env', 'chat', 'seApi', 'storage', 'coordinator', 'coordination', 'guards', 'argTypes',
  'confirmStop', 'replyData', 'errorReports',
] as const satisfies readonly (keyof BootstrapOptions)[];
type Unlisted = Exclude<keyof BootstrapOptions, (typeof KNOWN_OPTIONS)[number]>;
// A compile error here means an option of BootstrapOptions is missing from KNOWN_OPTIONS.
const everyOptionListed: Unlisted extends never ? true : Unlisted = true;
void everyOptionListed;

/** The chat hosts bootstrap() accepts. */
export const CHAT_HOSTS: readonly ChatHost[] = ['stackexchange.com', 'stackoverflow.com', 'meta.stackexchange.com'];

const nameOf = (x: unknown): string => (typeof x === 'function' && x.name ? x.name : String(x));

/** Refuses the same class twice in one list: the message names it. */
function refuseDuplicates(list: readonly unknown[] | undefined, what: string): void {
  const seen = new Set<unknown>();
  for (const x of list ?? []) {
    if (seen.has(x)) throw new ConfigError(`${nameOf(x)} is listed twice in ${what}: list each class once`);
    seen.add(x);
  }
}

/**
 * Checks what bootstrap() would otherwise accept silently: an unknown option (a typo such as
 * `room: [1]`, answered with the option meant), and a class listed twice (in `commands`, `tasks`,
 * `handlers`, a `defaultCommands` list, or in both `commands` and the built-ins).
 */
export function checkBootstrapOptions(o: BootstrapOptions, builtins: readonly unknown[]): void {
  for (const key of Object.keys(o)) {
    if ((KNOWN_OPTIONS as readonly string[]).includes(key)) continue;
    const near = closestMatch(key, KNOWN_OPTIONS);
    throw new ConfigError(`unknown bootstrap() option "${key}"${near ? `: did you mean "${near}"?` : ''} (the options are ${KNOWN_OPTIONS.join(', ')})`);
  }
  refuseDuplicates(o.commands, 'commands');
  refuseDuplicates(o.tasks, 'tasks');
  refuseDuplicates(o.handlers, 'handlers');
  if (Array.isArray(o.defaultCommands)) refuseDuplicates(o.defaultCommands, 'defaultCommands');
  const defaults = o.defaultCommands === undefined || o.defaultCommands === true ? builtins : Array.isArray(o.defaultCommands) ? o.defaultCommands : [];
  for (const c of o.commands ?? []) {
    if (defaults.includes(c)) {
      throw new ConfigError(
        `${nameOf(c)} is listed twice: it is a built-in command already included by defaultCommands${Array.isArray(o.defaultCommands) ? '' : ' (default: all built-ins)'}; remove it from commands`,
      );
    }
  }
}

/** The host, checked: an unknown one is refused with the accepted hosts (and where it came from). */
export function checkHost(host: string, fromEnv: boolean): ChatHost {
  if ((CHAT_HOSTS as readonly string[]).includes(host)) return host as ChatHost;
  const chatForm = /^chat\./.test(host) && (CHAT_HOSTS as readonly string[]).includes(host.slice(5)) ? ` (the site's name, without "chat.": "${host.slice(5)}")` : '';
  throw new ConfigError(`unknown host "${host}"${fromEnv ? ' (from BOTPY_HOST)' : ''}: use one of ${CHAT_HOSTS.join(', ')}${chatForm}`);
}

/** The credentials problem, naming what is missing and where it would come from; null when both are there. */
export function missingCredentials(email: string | undefined, password: string | undefined): string | null {
  if (email && password) return null;
  if (!email && !password) return 'no chat credentials: set ChatbotEmail and ChatbotPass in the environment (or pass email and password to bootstrap())';
  if (!email) return 'ChatbotEmail is not set (ChatbotPass is): set ChatbotEmail to the bot account\'s email (or pass email to bootstrap())';
  return 'ChatbotPass is not set (ChatbotEmail is): set ChatbotPass to the bot account\'s password (or pass password to bootstrap())';
}

/** The `replyData` option, checked: positive bounds only. */
export function checkReplyData(r: ReplyDataOptions | undefined): ReplyDataOptions {
  if (r === undefined) return {};
  if (typeof r !== 'object' || r === null) throw new ConfigError('replyData must be an object: { keep?: number, ttl?: seconds }');
  if (r.keep !== undefined && !(Number.isInteger(r.keep) && r.keep > 0)) throw new ConfigError(`replyData.keep must be a positive integer, got ${String(r.keep)}`);
  if (r.ttl !== undefined && !(typeof r.ttl === 'number' && r.ttl > 0 && Number.isFinite(r.ttl))) throw new ConfigError(`replyData.ttl must be a positive number of seconds, got ${String(r.ttl)}`);
  return { ...r };
}
