import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BotApplication, HandledMessage } from '@botpy/core';
import { ChatEmulator, RedundaEmulator } from '@botpy/emulator';
import { createTestBot, type TestBot } from '@botpy/testing';
import { pairBot, redundaFromEnv, PairConfigError, PAIR_BOT_VERSION } from '../src/bot.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (what: string, cond: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
};

describe('redundaFromEnv', () => {
  it('reads the key, origin and ping interval, and rejects a missing key or a bad interval', () => {
    expect(redundaFromEnv({ REDUNDA_KEY: ' k1 ', REDUNDA_ORIGIN: 'http://127.0.0.1:9', REDUNDA_PING_INTERVAL: '0.5' }))
      .toEqual({ key: 'k1', version: PAIR_BOT_VERSION, origin: 'http://127.0.0.1:9', pingInterval: 0.5 });
    expect(redundaFromEnv({ REDUNDA_KEY: 'k1' })).toEqual({ key: 'k1', version: PAIR_BOT_VERSION });
    expect(() => redundaFromEnv({})).toThrow(PairConfigError);
    expect(() => redundaFromEnv({ REDUNDA_KEY: 'k', REDUNDA_PING_INTERVAL: 'soon' })).toThrow('REDUNDA_PING_INTERVAL must be a positive number of seconds, got "soon"');
  });
});

describe('examples/redunda-pair: two instances of one bot on one chat, one Redunda', () => {
  let chat: ChatEmulator;
  let redunda: RedundaEmulator;
  let primary: TestBot;
  let backup: TestBot;
  const bob = { id: 2, name: 'Bob' };

  const instance = (key: string, location: string) =>
    createTestBot({
      ...pairBot,
      emulator: chat,
      location,
      redunda: redundaFromEnv({ REDUNDA_KEY: key, REDUNDA_ORIGIN: redunda.origin, REDUNDA_PING_INTERVAL: '0.05' }),
    });

  /** Posts as Bob and resolves once every running instance has handled the message: what each one sent. */
  const ask = async (text: string, apps: BotApplication[]) => {
    const results = new Map<BotApplication, HandledMessage>();
    const unsubscribe: (() => void)[] = [];
    let messageId = -1;
    const done = new Promise<void>((resolve) => {
      for (const app of apps) {
        unsubscribe.push(app.onMessageHandled((h) => {
          if (h.messageId !== messageId) return;
          results.set(app, h);
          if (results.size === apps.length) resolve();
        }));
      }
    });
    messageId = chat.world.post(bob.id, 1, text).id;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not every instance handled "${text}"`)), 8000);
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
      for (const u of unsubscribe) u();
    }
    const replies = chat.world.transcript(1).filter((m) => m.parentId === messageId);
    return { outcomes: apps.map((a) => results.get(a)!.outcome), sent: apps.map((a) => results.get(a)!.sentIds.length), replies };
  };

  beforeAll(async () => {
    chat = await ChatEmulator.start({ port: 0, loginPort: 0, server: 'stackoverflow', policies: { throttle: null } });
    redunda = await RedundaEmulator.start({ port: 0, aliveWindowSeconds: 0.5 });
    redunda.addBot({ id: 1, name: 'PairBot' });
    const primaryKey = redunda.addInstance({ botId: 1, priority: 1, location: 'eu/primary' }).key;
    const backupKey = redunda.addInstance({ botId: 1, priority: 2, location: 'us/backup' }).key;
    primary = await instance(primaryKey, 'eu/primary');
    backup = await instance(backupKey, 'us/backup');
  });
  afterAll(async () => {
    await backup?.stop();
    await primary?.stop();
    await redunda?.stop();
    await chat?.stop();
  });

  it('the preferred instance is active, the other on standby', async () => {
    await waitFor('the backup is on standby', () => backup.app.redunda?.role === 'standby');
    expect(primary.app.atStandby).toBe(false);
    expect(backup.app.atStandby).toBe(true);
    expect(chat.world.transcript(1).filter((m) => m.text === 'PairBot started (active).')).toHaveLength(1);
  });

  it('exactly one instance answers a command', async () => {
    const r = await ask('@pairbot location', [primary.app, backup.app]);
    expect(r.outcomes[1]).toBe('standby');
    expect(r.sent).toEqual([1, 0]);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]!.text).toMatch(/eu\/primary/);
  });

  it('when the active instance dies, the other takes over and answers alone', async () => {
    await primary.app.stop();
    await waitFor('the backup is active', () => !backup.app.atStandby);
    await waitFor('the failover message is posted', () => chat.world.transcript(1).some((m) => m.text === 'PairBot took over (failover).'));
    const r = await ask('@pai location', [backup.app]);
    expect(r.sent).toEqual([1]);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]!.text).toMatch(/us\/backup/);
  });
});
