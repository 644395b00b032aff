import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WebSocketServer, type WebSocket } from 'ws';
import { EventStream, MessageEvent, parseBody, parseEvents, type ChatEvent } from '@botpy/chat';
import { CommandRouter, address, defaultCommands, getCommandMetadata, type HandledMessage } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';
import { createLogSink, findLeaks, recordEmulatorSecrets } from './log-sink.js';

// 100k fuzzed inputs in all: 40k frames and 40k chat messages through the pure functions, 18k
// frames over a real WebSocket into the client's event stream, and 2k chat messages through the
// real bot on the emulator.

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, NaN, Infinity), fc.string({ maxLength: 12 }));
const text = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('<b>x</b>', '<div class="partial">…', '&amp;&lt;&gt;&#39;&#x1F600;&bogus;', '<a href="javascript:alert(1)">', '<img src=x onerror=1>', '<pre>\n\n</pre>', ''),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.constant(undefined), fc.constant(null), fc.anything({ maxDepth: 1 }));
const rawEvent = fc.record(
  {
    event_type: maybe(fc.oneof(fc.integer({ min: 0, max: 40 }), anyNumber)),
    id: maybe(fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), anyNumber)),
    time_stamp: maybe(anyNumber),
    room_id: maybe(fc.oneof(fc.integer({ min: 0, max: 5 }), anyNumber)),
    room_name: maybe(text),
    user_id: maybe(fc.oneof(fc.integer({ min: -2, max: 200 }), anyNumber)),
    user_name: maybe(text),
    message_id: maybe(fc.oneof(fc.integer({ min: 0, max: 1000 }), anyNumber)),
    content: maybe(text),
    message_edits: maybe(anyNumber),
    message_stars: maybe(anyNumber),
    parent_id: maybe(anyNumber),
    show_parent: maybe(fc.boolean()),
    target_user_id: maybe(anyNumber),
    moved: maybe(fc.boolean()),
  },
  { requiredKeys: [] },
);
const section = fc.record({ e: maybe(fc.array(fc.oneof(rawEvent, fc.anything({ maxDepth: 1 })), { maxLength: 6 })), t: maybe(anyNumber), d: maybe(anyNumber) }, { requiredKeys: [] });
const frameObject = fc.oneof(
  fc.dictionary(fc.oneof(fc.integer({ min: 0, max: 9 }).map((n) => `r${n}`), fc.string({ maxLength: 4 })), fc.oneof(section, fc.anything({ maxDepth: 1 })), { maxKeys: 4 }),
  fc.record({ events: fc.array(rawEvent, { maxLength: 6 }), time: maybe(anyNumber), ms: maybe(anyNumber), sync: maybe(anyNumber) }, { requiredKeys: [] }),
  fc.array(rawEvent, { maxLength: 6 }),
  rawEvent,
  fc.constant({ action: 'hb' }),
);
/** A frame as it arrives on the socket: JSON of a frame-shaped object, arbitrary JSON, or garbage. */
const frameText = fc.oneof(
  { weight: 6, arbitrary: frameObject.map((o) => JSON.stringify(o) ?? 'null') },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: frameObject.map((o) => (JSON.stringify(o) ?? '').slice(0, 40)) },
);

const ping = fc.oneof(
  fc.constantFrom('@tes', '@TestBot', '@testbot,', '@TESTBOT:', '@te', '@testbotx', '@', '@@tes', 'testbot', '@tes\u200b', '@Ｔｅｓ'),
  fc.string({ maxLength: 10 }).map((s) => `@${s}`),
);
const words = fc.array(fc.oneof(fc.constantFrom('alive', 'help', 'privilege', 'unprivilege', 'user', '*', '...', 'stop', 'rc', 'running', 'commands', 'remove', 'privileges'), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 8 });
const spaces = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u3000', '');
const chatMessage = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(ping, spaces, words).map(([p, s, w]) => `${p}${s}${w.join(' ')}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 600 }).map((s) => `@tes ${s}`) },
);

describe('fuzzed socket frames and chat messages', () => {
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('parseEvents never throws on 40k frames and yields well-formed events', () => {
    // plain checks instead of expect(): 30k runs of expect() cost more than the parsing
    const check = (ok: boolean, what: string, body: unknown) => {
      if (!ok) throw new Error(`${what} for ${JSON.stringify(body)?.slice(0, 300)}`);
    };
    fc.assert(
      fc.property(frameText, (body) => {
        const parsed = parseBody(body);
        const events = parseEvents(body);
        check(events.length === parsed.events.length, 'parseEvents and parseBody disagree', body);
        const ids = new Set<number>();
        for (const e of events) {
          check(Number.isInteger(e.type) && typeof e.typeName === 'string' && Number.isFinite(e.id), 'malformed event', body);
          if (e.id) {
            check(!ids.has(e.id), 'duplicate event id', body);
            ids.add(e.id);
          }
          if (e instanceof MessageEvent) check(typeof e.text === 'string', 'message without text', body);
        }
      }),
      { numRuns: 30_000 },
    );
    fc.assert(fc.property(fc.anything(), (v) => void parseEvents(v as object)), { numRuns: 10_000 });
  });

  it('addressing and routing never throw on 40k messages', () => {
    const router = new CommandRouter(defaultCommands.map((c) => ({ name: c.name, usages: getCommandMetadata(c)!.usage })));
    router.add({ name: 'Test', usages: ['test ...', 'demo * ...', 'pair * *'] });
    fc.assert(
      fc.property(chatMessage, fc.boolean(), (msg, isReply) => {
        const a = address(msg, ['TestBot', 'Helper Bee'], isReply);
        if (!a.addressed) {
          if (a.words.length !== 0) throw new Error(`words for a message not addressed: ${JSON.stringify(msg)}`);
          return;
        }
        const m = router.route(a.words);
        if (m && (m.command.usages[m.usageIndex] !== m.usage.source || m.args.some((x) => typeof x !== 'string') || m.args.length > a.words.length)) {
          throw new Error(`inconsistent match for ${JSON.stringify(msg)}`);
        }
      }),
      { numRuns: 40_000 },
    );
  });

  describe('over a real WebSocket', () => {
    let http: Server;
    let wss: WebSocketServer;
    let socket: WebSocket | null = null;
    let stream: EventStream;
    const received: ChatEvent[] = [];
    const sink = createLogSink('fuzz-socket');

    beforeAll(async () => {
      http = createServer((_req, res) => res.end());
      wss = new WebSocketServer({ server: http });
      const connected = new Promise<void>((resolve) => wss.on('connection', (ws) => {
        socket = ws;
        ws.on('message', () => undefined);
        resolve();
      }));
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
      const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      // the smallest session the stream needs: /ws-auth hands out our socket's URL
      const session = {
        origins: { chat: origin, login: origin },
        read: async () => ({ status: 200, body: JSON.stringify({ url: origin.replace('http', 'ws') + '/events/1/abc' }) }),
      };
      stream = new EventStream(session as never, () => [1], sink.logger, { watchdogMs: 60_000, backoff: { minMs: 10, maxMs: 50 } });
      stream.on('events', (evs: ChatEvent[]) => received.push(...evs));
      stream.start(0);
      await connected;
    });
    afterAll(async () => {
      stream?.stop();
      for (const c of wss?.clients ?? []) c.terminate();
      await new Promise((r) => wss?.close(r));
      await new Promise((r) => http?.close(r));
    });

    it('the client\'s event stream survives 18k fuzzed frames and still delivers a valid one', async () => {
      const frames = fc.sample(frameText, 18_000);
      for (let i = 0; i < frames.length; i++) {
        socket!.send(frames[i]);
        if (i % 500 === 0) socket!.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true });
        if (i % 200 === 0) await new Promise((r) => setImmediate(r));
      }
      const valid = { r1: { e: [{ event_type: 1, id: 2_000_000_001, time_stamp: 1, room_id: 1, room_name: 'Sandbox', user_id: 2, user_name: 'Bob', message_id: 777_777, content: 'still &amp; alive' }], t: 2_000_000_001 } };
      socket!.send(JSON.stringify(valid));
      const deadline = Date.now() + 10_000;
      while (!received.some((e) => e.id === 2_000_000_001) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const last = received.find((e) => e.id === 2_000_000_001) as MessageEvent | undefined;
      expect(last?.text).toBe('still & alive');
      expect(stream.stats.socketState).toBe('open');
      expect(stream.stats.framesReceived).toBeGreaterThanOrEqual(18_000);
      expect(stream.stats.reconnects).toBe(0);
    }, 60_000);
  });

  describe('through the real bot on the emulator', () => {
    const sink = createLogSink('fuzz-bot');
    const secrets = new Set<string>(['fuzz-Pa55word-xyz']);
    let bot: TestBot;
    beforeAll(async () => {
      bot = await createTestBot({
        logger: sink.logger,
        password: 'fuzz-Pa55word-xyz',
        privileges: [{ level: 1, name: 'regular' }],
        messages: { startup: null },
        emulator: { world: { users: [{ id: 100, name: 'TestBot', email: 'bot@example.com', password: 'fuzz-Pa55word-xyz' }], rooms: [{ id: 1, name: 'Sandbox', owners: [] }] } },
      });
      recordEmulatorSecrets(bot.emulator, secrets);
    });
    afterAll(async () => {
      await bot?.stop();
    });

    it('handles 2k fuzzed chat messages (posts and edits), each exactly once, and keeps answering', async () => {
      const people = [1, 2, 3].map((i) => bot.user({ name: `Fuzzer${i}` }));
      const handled = new Map<number, HandledMessage[]>();
      const off = bot.app.onMessageHandled((h) => handled.set(h.messageId, [...(handled.get(h.messageId) ?? []), h]));
      const texts = fc.sample(chatMessage, 2000).map((t) => t.trim() || '.');
      const posted: number[] = [];
      let refusedByServer = 0;
      for (let i = 0; i < texts.length; i++) {
        try {
          const m = bot.emulator.world.post(people[i % 3].id, 1, texts[i]);
          posted.push(m.id);
          if (i % 10 === 0) bot.emulator.world.edit(people[i % 3].id, m.id, texts[(i * 7) % texts.length]);
        } catch {
          refusedByServer++; // the emulated server refuses some texts (too long, empty): not the bot's business
        }
        if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      const deadline = Date.now() + 60_000;
      while (posted.some((id) => !handled.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      off();
      expect(posted.length).toBeGreaterThan(1500);
      expect(refusedByServer).toBeLessThan(500);
      expect(posted.filter((id) => !handled.has(id))).toEqual([]);
      expect(posted.filter((id) => handled.get(id)!.length !== 1)).toEqual([]);
      expect(bot.app.isAlive).toBe(true);
      const probe = bot.user({ name: 'Prober' });
      const [reply] = await bot.room(1).say(probe, '@tes alive');
      expect(reply.text).toMatch(/alive/i);
      expect(bot.app.health().counters.errors).toBe(0);
    }, 90_000);

    it('wrote no secret into the logs', () => {
      expect(findLeaks(sink.lines, secrets)).toEqual([]);
    });
  });

  it('saw no unhandled promise rejection', () => {
    expect(unhandled).toEqual([]);
  });
});
