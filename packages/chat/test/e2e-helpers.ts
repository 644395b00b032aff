import { afterEach } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChatEmulator, type ChatPolicies } from '@botpy/emulator';
import { ChatClient, type ChatClientOptions, type ChatEvent } from '../src/index.js';

export const BOT = { id: 100, email: 'bot@example.com', password: 'botpass' };

export async function startEmulator(policies: Partial<ChatPolicies> = {}): Promise<ChatEmulator> {
  return ChatEmulator.start({ policies: { throttle: null, ...policies } });
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-chat-e2e-'));
}

/** Fast socket settings for tests. */
export const FAST_SOCKET = { watchdogMs: 2_000, backoff: { minMs: 10, maxMs: 200 }, pollFallbackMs: 100, catchUpAfterMs: 60_000 };

export function login(emu: ChatEmulator, o: Partial<ChatClientOptions> = {}): Promise<ChatClient> {
  return ChatClient.login({
    host: 'stackoverflow.com',
    email: BOT.email,
    password: BOT.password,
    origins: { chat: emu.origin, login: emu.loginOrigin },
    socket: FAST_SOCKET,
    ...o,
  });
}

/** Resolves with the first event matching `pred` (rejects after `ms`). */
export function nextEvent<T extends ChatEvent>(client: ChatClient, pred: (e: ChatEvent) => e is T, ms?: number): Promise<T>;
export function nextEvent(client: ChatClient, pred: (e: ChatEvent) => boolean, ms?: number): Promise<ChatEvent>;
export function nextEvent(client: ChatClient, pred: (e: ChatEvent) => boolean, ms = 5_000): Promise<ChatEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('event', fn);
      reject(new Error('timed out waiting for an event'));
    }, ms);
    const fn = (e: ChatEvent): void => {
      if (!pred(e)) return;
      clearTimeout(timer);
      client.off('event', fn);
      resolve(e);
    };
    client.on('event', fn);
  });
}

export async function waitFor(cond: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The emulator and the client of the current test, closed after each test of the describe block
 * that calls this (client first).
 */
export function useE2eResources(): { emu?: ChatEmulator; client?: ChatClient } {
  const t: { emu?: ChatEmulator; client?: ChatClient } = {};
  afterEach(async () => {
    await t.client?.close();
    await t.emu?.stop();
    t.client = t.emu = undefined;
  });
  return t;
}
