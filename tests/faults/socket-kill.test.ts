import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, container, inject, type CommandContext, type HandledMessage } from '@botpy/core';
import { createTestBot, type TestBot, type TestUser } from '@botpy/testing';
import { createLogSink, findLeaks, recordEmulatorSecrets } from './log-sink.js';

const RUNS = 'faults.socket-kill.runs';
const KILLS = 100;

/** `count *`: records each run of its token and replies once. */
@Command({ usage: ['count *'] })
class CountCommand {
  constructor(@inject(RUNS) private readonly runs: Map<string, number>) {}
  run(ctx: CommandContext) {
    const token = ctx.args[0];
    this.runs.set(token, (this.runs.get(token) ?? 0) + 1);
    return ctx.reply(`counted ${token}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the socket killed 100 times under load', () => {
  const sink = createLogSink('socket-kill');
  const secrets = new Set<string>(['socket-kill-Pa55word!']);
  const runs = new Map<string, number>();
  const handled = new Map<number, HandledMessage[]>();
  let bot: TestBot;
  let people: TestUser[];

  beforeAll(async () => {
    const parent = container.createChildContainer();
    parent.registerInstance(RUNS, runs);
    bot = await createTestBot({
      container: parent,
      logger: sink.logger,
      commands: [CountCommand],
      messages: { startup: null },
      password: 'socket-kill-Pa55word!',
      // 100 kills ~20 ms after each reconnect is a flapping socket, which the client now backs off
      // from (issue #12, item 5: 1 s → 60 s by default); a fast back-off keeps this test about losses
      chat: { socket: { backoff: { minMs: 10, maxMs: 100 } } },
      emulator: { world: { users: [{ id: 100, name: 'TestBot', email: 'bot@example.com', password: 'socket-kill-Pa55word!' }], rooms: [{ id: 1, name: 'Sandbox', owners: [] }] } },
    });
    recordEmulatorSecrets(bot.emulator, secrets);
    bot.app.onMessageHandled((h) => handled.set(h.messageId, [...(handled.get(h.messageId) ?? []), h]));
    people = [1, 2, 3, 4].map((i) => bot.user({ name: `Person${i}` }));
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('loses no command and runs none twice', async () => {
    const posted: { id: number; token: string }[] = [];
    let posting = true;
    const poster = (async () => {
      for (let i = 0; posting; i++) {
        const token = `t${i}`;
        const m = bot.emulator.world.post(people[i % people.length].id, 1, `@tes count ${token}`);
        posted.push({ id: m.id, token });
        await sleep(4);
      }
    })();

    let kills = 0;
    while (kills < KILLS) {
      const open = Date.now();
      while (bot.app.health().socketState !== 'open') {
        if (Date.now() - open > 10_000) throw new Error(`the socket did not come back after kill ${kills}`);
        await sleep(2);
      }
      await sleep(5 + Math.floor(Math.random() * 20));
      // alternate a clean close frame (CloudFlare restart) and a cut TCP connection
      kills += bot.emulator.faults.dropSockets({ closeFrame: kills % 2 === 0 });
    }
    posting = false;
    await poster;

    const deadline = Date.now() + 20_000;
    while (posted.some((p) => !handled.has(p.id)) && Date.now() < deadline) await sleep(20);

    expect(posted.length).toBeGreaterThan(200);
    const unhandled = posted.filter((p) => !handled.has(p.id)).map((p) => p.token);
    expect(unhandled).toEqual([]);
    const handledTwice = posted.filter((p) => handled.get(p.id)!.length !== 1).map((p) => p.token);
    expect(handledTwice).toEqual([]);
    expect(posted.filter((p) => handled.get(p.id)![0].outcome !== 'ran')).toEqual([]);
    expect(posted.filter((p) => runs.get(p.token) !== 1).map((p) => [p.token, runs.get(p.token)])).toEqual([]);
    // exactly one reply per command reached the room
    const replies = new Map<string, number>();
    for (const m of bot.room(1).transcript()) {
      const hit = m.userId === bot.app.account!.id ? /counted (t\d+)/.exec(m.text) : null;
      if (hit) replies.set(hit[1], (replies.get(hit[1]) ?? 0) + 1);
    }
    expect(posted.filter((p) => replies.get(p.token) !== 1).map((p) => p.token)).toEqual([]);
    // Right after the last kill the client may not have seen the close yet: wait for the reconnect itself.
    const back = Date.now();
    const reconnected = () => bot.app.health().socketState === 'open' && bot.app.health().counters.reconnects >= KILLS;
    while (!reconnected() && Date.now() - back < 10_000) await sleep(5);
    expect(bot.app.health().counters.reconnects).toBeGreaterThanOrEqual(KILLS);
    expect(bot.app.health().socketState).toBe('open');
  }, 90_000);

  it('wrote no secret into the logs', () => {
    expect(sink.lines.length).toBeGreaterThan(KILLS);
    expect(secrets.size).toBeGreaterThan(5);
    expect(findLeaks(sink.lines, secrets)).toEqual([]);
  });
});
