import { ArgumentError } from '../../errors.js';
import type { ChatMessageDetails } from '../../transport/chat-transport.js';
import type { ArgTypeDefinition } from './arg-type.js';

/** The message id in `12345`, `#12345`, a permalink (`…/transcript/message/12345#12345`, `…?m=12345`) or a history link. */
export function messageIdOf(raw: string): number | undefined {
  const m = /^#?(\d+)$/.exec(raw) ?? /\/transcript\/message\/(\d+)/.exec(raw) ?? /[?&]m=(\d+)/.exec(raw) ?? /\/messages\/(\d+)\/history/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

/**
 * `message`: a chat message, as its details (`id`, `owner`, `text`, `roomId`, …). Written as a
 * message id or link. As the last word of a usage it may be left out when the command is sent as
 * a reply: it is then the message replied to.
 */
export const messageArg: ArgTypeDefinition<ChatMessageDetails> = {
  async parse(raw, { app }) {
    const id = messageIdOf(raw);
    if (id === undefined) throw new ArgumentError(`"${raw}" is not a message id or a message link`);
    const message = await app.chat.message(id).catch(() => null);
    if (!message) throw new ArgumentError(`there is no message ${id}`);
    return message;
  },
  describe: () => 'a message: its id or link (or reply to it, when it is the last argument)',
};
