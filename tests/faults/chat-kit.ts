import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ChatEmulator, type ChatPolicies } from '@botpy/emulator';
import { ChatClient, type ChatClientOptions } from '@botpy/chat';

/** Helpers of the fault tests that drive the real chat client (no bot around it) against the emulator. */
export const BOT = { email: 'bot@example.com', password: 'botpass' };

export function startEmulator(policies: Partial<ChatPolicies> = {}): Promise<ChatEmulator> {
  return ChatEmulator.start({ policies: { throttle: null, duplicateRefusal: false, ...policies } });
}

export function loginClient(emu: ChatEmulator, logger: Logger, o: Partial<ChatClientOptions> = {}): Promise<ChatClient> {
  return ChatClient.login({ host: 'stackoverflow.com', email: BOT.email, password: BOT.password, origins: { chat: emu.origin, login: emu.loginOrigin }, logger, ...o });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'botpy-faults-'));
}

/** Requests the emulator counted (all routes, or those whose key contains `routePart`) during `ms`. */
export async function countRequests(emu: ChatEmulator, ms: number, routePart?: string): Promise<number> {
  const total = (): number =>
    routePart === undefined ? emu.stats.requests : Object.entries(emu.stats.byRoute).reduce((n, [k, v]) => (k.includes(routePart) ? n + v : n), 0);
  const before = total();
  await sleep(ms);
  return total() - before;
}

/** The parsed log lines whose `msg` matches. */
export function logged(lines: readonly string[], msg: RegExp): Record<string, unknown>[] {
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => typeof o.msg === 'string' && msg.test(o.msg));
}
