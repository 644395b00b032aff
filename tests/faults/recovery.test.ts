import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { RedundaEmulator } from '@botpy/emulator';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';
import { createLogSink, findLeaks, recordEmulatorSecrets } from './log-sink.js';

const PASSWORD = 'recovery-Pa55word#1';
const WORLD = {
  users: [{ id: 100, name: 'TestBot', email: 'bot@example.com', password: PASSWORD }],
  rooms: [{ id: 1, name: 'Sandbox', owners: [] }],
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('the bot recovers by itself', () => {
  const sink = createLogSink('recovery');
  const secrets = new Set<string>([PASSWORD]);
  let redunda: RedundaEmulator;
  let bot: TestBot | undefined;

  beforeAll(async () => {
    redunda = await RedundaEmulator.start({ port: 0 });
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });
  afterAll(async () => {
    await redunda?.stop();
  });

  let botIds = 0;
  const startBot = async (redundaOptions?: { standDownAfter?: number }) => {
    // a Redunda bot of its own per test: a stopped instance of another test stays "alive" for minutes
    const botId = ++botIds;
    redunda.addBot({ id: botId, name: `TestBot ${botId}` });
    const instance = redunda.addInstance({ botId, location: 'fault-suite' });
    secrets.add(instance.key);
    bot = await createTestBot({
      logger: sink.logger,
      password: PASSWORD,
      emulator: { world: WORLD },
      messages: { startup: null, standby: null, failover: null },
      redunda: { key: instance.key, version: '1.0.0-faults', origin: redunda.origin, pingInterval: 0.1, ...(redundaOptions ?? {}) },
    });
    recordEmulatorSecrets(bot.emulator, secrets);
    await until('the instance to become active', () => !bot!.app.atStandby);
    return { bot, person: bot.user({ name: 'Patience' }), key: instance.key };
  };

  it('keeps answering through a Redunda outage and resumes pinging after it', async () => {
    const { bot, person, key } = await startBot();
    const link = bot.app.redunda!;
    const downs: unknown[] = [];
    const backs: unknown[] = [];
    link.on('down', (h) => downs.push(h));
    link.on('back', (h) => backs.push(h));
    expect(await bot.room(1).say(person, '@tes alive')).toHaveLength(1);

    await redunda.setOutage(true);
    await until('Redunda to be seen down', () => downs.length === 1);
    expect((await bot.room(1).say(person, '@tes alive'))[0].text).toMatch(/alive/i);
    await redunda.setOutage(true, 'reset');
    await sleep(300);
    expect((await bot.room(1).say(person, '@tes alive'))[0].text).toMatch(/alive/i);

    await redunda.setOutage(false);
    const before = redunda.pings().filter((p) => p.key === key).length;
    await until('Redunda to be seen back', () => backs.length === 1);
    await until('pings to resume', () => redunda.pings().filter((p) => p.key === key).length >= before + 2);
    expect(bot.app.atStandby).toBe(false);
    expect((await bot.room(1).say(person, '@tes alive'))[0].text).toMatch(/alive/i);
  }, 30_000);

  it('stands down during an outage when configured to, and takes over again afterwards', async () => {
    const { bot, person } = await startBot({ standDownAfter: 0.4 });
    expect(await bot.room(1).say(person, '@tes alive')).toHaveLength(1);
    await redunda.setOutage(true);
    await until('the stand-down', () => bot.app.atStandby);
    expect(await bot.room(1).say(person, '@tes alive')).toEqual([]); // standby: commands ignored
    await redunda.setOutage(false);
    await until('the instance to take over again', () => !bot.app.atStandby);
    expect((await bot.room(1).say(person, '@tes alive'))[0].text).toMatch(/alive/i);
  }, 30_000);

  it('logs in again by itself when the chat session expires mid-run, losing no command', async () => {
    const { bot, person } = await startBot();
    const botId = bot.app.account!.id;
    const loginsBefore = bot.emulator.stats.passwordLogins;
    const answered: string[] = [];
    const run = async (i: number, who: TestUser) => {
      const replies = await bot.room(1).say(who, '@tes alive', { timeoutMs: 20_000 });
      if (replies.length === 1) answered.push(String(i));
    };
    const load: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      load.push(run(i, person));
      if (i === 15) bot.emulator.faults.expireSessions(botId); // next POST meets a logged-out session
      if (i === 30) {
        bot.emulator.faults.expireSessions(botId);
        bot.emulator.faults.dropSockets(); // the new socket needs /ws-auth, which needs a session
      }
      if (i === 45) bot.emulator.faults.revokeFkey(botId);
      await sleep(15);
    }
    await Promise.all(load);
    expect(answered).toHaveLength(60);
    expect(bot.emulator.stats.passwordLogins).toBeGreaterThanOrEqual(loginsBefore + 2);
    await until('the socket to be open again', () => bot.app.health().socketState === 'open');
    expect((await bot.room(1).say(person, '@tes alive'))[0].text).toMatch(/alive/i);
  }, 60_000);

  it('wrote no secret into the logs (passwords, cookies, fkeys, Redunda keys)', () => {
    expect(sink.lines.length).toBeGreaterThan(10);
    expect(secrets.size).toBeGreaterThan(8);
    expect(findLeaks(sink.lines, secrets)).toEqual([]);
  });
});
