import { channel } from 'node:diagnostics_channel';
import type { BotApplication } from '../bot-application.js';
import type { HandledMessage } from '../pipeline/handled-message.js';

/**
 * The dev channel: a `node:diagnostics_channel` on which every application publishes, while
 * somebody listens, its name (once, when it is assembled) and what it did with each message of its
 * rooms. `botpy dev` listens from a preloaded module and forwards both to the emulator (the bot
 * inspector on the chat page). With no subscriber nothing is published and nothing is kept; core
 * never learns who listens or how the reports travel.
 */
export const DEV_CHANNEL = 'botpy:dev';

/** What travels on the dev channel. */
export type DevReport =
  | { readonly kind: 'app'; readonly app: string }
  | (HandledMessage & { readonly kind: 'handled'; readonly app: string; readonly durationMs: number | null });

/** Message arrival times kept while a message is handled (bounded: a lost report cannot leak). */
const ARRIVALS_KEPT = 1000;

/** Publishes `app`'s name now and each handled message later on the dev channel (see DEV_CHANNEL). */
export function attachDevChannel(app: BotApplication): void {
  const ch = channel(DEV_CHANNEL);
  const publish = (r: DevReport) => {
    if (ch.hasSubscribers) ch.publish(r);
  };
  publish({ kind: 'app', app: app.name });
  const arrivals = new Map<number, number>();
  app.on(1, (e) => {
    if (!ch.hasSubscribers || !e.message) return;
    arrivals.set(e.message.id, performance.now());
    if (arrivals.size > ARRIVALS_KEPT) arrivals.delete(arrivals.keys().next().value as number);
  });
  app.onMessageHandled((h) => {
    if (!ch.hasSubscribers && arrivals.size === 0) return; // nobody listens: nothing to build
    const start = arrivals.get(h.messageId);
    arrivals.delete(h.messageId);
    publish({ ...h, kind: 'handled', app: app.name, durationMs: start === undefined ? null : performance.now() - start });
  });
}
