import { ChatInputError } from './errors.js';

export type ChatHost = 'stackoverflow.com' | 'stackexchange.com' | 'meta.stackexchange.com';

/** Where the chat server and its login site live. */
export interface ChatOrigins {
  /** Chat server origin, e.g. `https://chat.stackoverflow.com`. */
  chat: string;
  /** Q&A site where the password login happens, e.g. `https://stackoverflow.com`. */
  login: string;
}

/** §1: the real servers (chat.stackexchange.com logs in on meta.stackexchange.com). */
export const DEFAULT_ORIGINS: Readonly<Record<ChatHost, ChatOrigins>> = {
  'stackoverflow.com': { chat: 'https://chat.stackoverflow.com', login: 'https://stackoverflow.com' },
  'stackexchange.com': { chat: 'https://chat.stackexchange.com', login: 'https://meta.stackexchange.com' },
  'meta.stackexchange.com': { chat: 'https://chat.meta.stackexchange.com', login: 'https://meta.stackexchange.com' },
};

export function isChatHost(h: unknown): h is ChatHost {
  return typeof h === 'string' && Object.prototype.hasOwnProperty.call(DEFAULT_ORIGINS, h);
}

/** Resolves and validates the origins (an override points the client at an emulator or a proxy). */
export function resolveOrigins(host: ChatHost, override?: Partial<ChatOrigins>): ChatOrigins {
  if (!isChatHost(host)) throw new ChatInputError(`unknown chat host ${JSON.stringify(host)}: use stackoverflow.com, stackexchange.com or meta.stackexchange.com`);
  const o = { ...DEFAULT_ORIGINS[host], ...(override ?? {}) };
  for (const k of ['chat', 'login'] as const) {
    let u: URL;
    try {
      u = new URL(o[k]);
    } catch {
      throw new ChatInputError(`origins.${k} is not a URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ChatInputError(`origins.${k} must be http(s)`);
    o[k] = u.origin;
  }
  return o;
}
