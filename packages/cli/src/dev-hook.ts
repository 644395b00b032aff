/**
 * Preloaded into the app by `botpy dev` (`node --import <this file> dist/main.js`): listens to
 * core's dev channel and forwards the app's name and what it did with each message to the
 * emulator (BOTPY_DEV_EMULATOR), whose chat page shows them in the bot inspector. Dev only: it is
 * never loaded by `botpy start` or a production run, and it imports nothing of ours.
 */
import { subscribe } from 'node:diagnostics_channel';

/** The channel's name (core's DEV_CHANNEL). */
const DEV_CHANNEL = 'botpy:dev';
const TIMEOUT_MS = 2000;

const origin = process.env.BOTPY_DEV_EMULATOR;
let warned = false;

function post(route: string, body: unknown): void {
  void fetch(`${origin}/emulator/api/dev/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  })
    .then(async (res) => {
      if (!res.ok && !warned) {
        warned = true;
        process.stderr.write(`botpy dev: the emulator refused a bot inspector report (${res.status}): ${await res.text()}\n`);
      }
    })
    .catch((err: unknown) => {
      if (warned) return;
      warned = true;
      process.stderr.write(`botpy dev: could not report to the emulator's bot inspector at ${origin}: ${(err as Error).message}\n`);
    });
}

if (origin) {
  subscribe(DEV_CHANNEL, (message) => {
    const m = message as { kind?: string; app?: string };
    if (m.kind === 'app') post('hello', { name: m.app, email: process.env.ChatbotEmail });
    else if (m.kind === 'handled') post('handled', message);
  });
}
