import { describe, it, expect } from '@jest/globals';
import { ChatEmulator, type EmuMessage } from '@botpy/emulator';
import { ChatInputError, ClientClosedError, DuplicateMessageError, MessagePostedEvent, RoomAccessError } from '../src/index.js';
import { login, startEmulator, useE2eResources } from './e2e-helpers.js';

describe('sending (e2e against the emulator)', () => {
  const t = useE2eResources();

  it('throttle of 1 msg/s (virtual clock): 30 sends queued at once all arrive, in order, none early, no 409 reaches the caller', async () => {
    let now = Date.now();
    t.emu = await ChatEmulator.start({ clock: { now: () => now }, policies: { throttle: { burst: 1, perSecond: 1 } } });
    const waits: number[] = [];
    t.client = await login(t.emu, {
      queue: {
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
      },
    });
    const room = await t.client.joinRoom(1);
    const accepted: { m: EmuMessage; at: number }[] = [];
    t.emu.world.on('message', (m, kind) => {
      if (kind === 'posted' && m.userId === 100) accepted.push({ m, at: now });
    });
    let backlogSeen = 0;
    const sends = Array.from({ length: 30 }, (_, i) => room.send(`queued message ${i}`));
    backlogSeen = t.client.sendQueue.backlog;
    const ids = await Promise.all(sends);
    expect(backlogSeen).toBe(30);
    expect(t.client.sendQueue.backlog).toBe(0);
    expect(accepted.map((a) => a.m.text)).toEqual(Array.from({ length: 30 }, (_, i) => `queued message ${i}`));
    expect(accepted.map((a) => a.m.id)).toEqual(ids);
    for (let i = 1; i < accepted.length; i++) expect(accepted[i]!.at - accepted[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(t.client.stats.throttled).toBeGreaterThanOrEqual(29);
    expect(waits.every((w) => w === 1000)).toBe(true);
  });

  it('throttle of 1 msg/s (real time): queued sends are spaced, in order, and all resolve', async () => {
    t.emu = await startEmulator({ throttle: { burst: 1, perSecond: 1 } });
    t.client = await login(t.emu);
    const room = await t.client.joinRoom(1);
    const times: number[] = [];
    t.emu.world.on('message', (m, kind) => {
      if (kind === 'posted' && m.userId === 100) times.push(performance.now());
    });
    const ids = await Promise.all([0, 1, 2].map((i) => room.send(`real ${i}`)));
    expect(ids.map((id) => t.emu!.world.message(id)!.text)).toEqual(['real 0', 'real 1', 'real 2']);
    console.log(`real-time spacing: ${times.slice(1).map((t, i) => (t - times[i]!).toFixed(0)).join(', ')} ms`);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
  });

  it('a 1200-character single-line text arrives as messages of at most 500 characters, intact, with a link at the split point whole', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu);
    const room = await t.client.joinRoom(1);
    const link = '[the protocol notes](https://example.com/se-chat/protocol-notes)';
    const words = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `${tag}${i % 10}`).join(' ');
    const text = `${words(160, 'a')} ${link} ${words(300, 'b')}`.slice(0, 1199) + 'z';
    expect(text.length).toBe(1200);
    expect(text.indexOf(link)).toBeLessThan(500);
    expect(text.indexOf(link) + link.length).toBeGreaterThan(500);
    const ids = await room.sendAll(text);
    const msgs = ids.map((id) => t.emu!.world.message(id)!);
    expect(msgs.length).toBe(3);
    for (const m of msgs) expect(m.source.length).toBeLessThanOrEqual(500);
    expect(msgs.map((m) => m.source).join(' ')).toBe(text);
    expect(msgs.some((m) => m.source.includes(link))).toBe(true);
    expect(await room.send('short')).toBeGreaterThan(ids[2]!);
  });

  it('rejects empty messages and sends to inaccessible rooms with typed errors', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu);
    const room = await t.client.joinRoom(1);
    await expect(room.send('   ')).rejects.toBeInstanceOf(ChatInputError);
    await expect(t.client.joinRoom(999)).rejects.toBeInstanceOf(RoomAccessError);
    t.emu.world.kick(1, 100, 1);
    await expect(room.send('after kick')).rejects.toBeInstanceOf(RoomAccessError);
  });

  it('retries a transient 500 and reports a persistent one after bounded retries', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu, { queue: { retryBaseMs: 5 } });
    const room = await t.client.joinRoom(1);
    t.emu.faults.failNext('POST /chats/:room/messages/new', 1, 500);
    const id = await room.send('survives one 500');
    expect(t.emu.world.message(id)?.text).toBe('survives one 500');
    t.emu.faults.failNext('POST /chats/:room/messages/new', 100, 500);
    await expect(room.send('never')).rejects.toMatchObject({ name: 'ChatOutageError', code: 'CHAT_OUTAGE', status: 500 });
    t.emu.faults.failNext('POST /chats/:room/messages/new', 0, 500);
  });

  it('replies with the :id prefix when asked, and refuses an over-long single line when lengthCheck is off', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu, { replyStyle: 'prefix' });
    const room = await t.client.joinRoom(1);
    const q = t.emu.world.post(2, 1, 'a question');
    const id = await room.send('an answer', { replyTo: q.id });
    const m = t.emu.world.message(id)!;
    expect(m.parentId).toBe(q.id);
    expect(m.source).toBe(`:${q.id} an answer`);
    expect(m.text).toBe('an answer');
    await expect(room.send('x '.repeat(300), { lengthCheck: false })).rejects.toBeInstanceOf(ChatInputError);
    const multi = await room.send(('y '.repeat(300) + '\n').repeat(2), { lengthCheck: false });
    expect(t.emu.world.message(multi)?.source.length).toBe(1202);
  });

  it('refuses a duplicate of the previous message with a typed error', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu);
    const room = await t.client.joinRoom(1);
    await room.send('same text');
    await expect(room.send('same text')).rejects.toBeInstanceOf(DuplicateMessageError);
  });

  it('leaving the room ends its iterators and rejects its sends; joining again resumes the stream', async () => {
    t.emu = await startEmulator();
    t.client = await login(t.emu);
    let room = await t.client.joinRoom(1);
    const it = room[Symbol.asyncIterator]();
    const ended = it.next();
    await room.leave();
    expect((await ended).done).toBe(true);
    expect(t.client.room(1)).toBeUndefined();
    await expect(room.send('gone')).rejects.toBeInstanceOf(ClientClosedError);
    room = await t.client.joinRoom(1);
    const got = new Promise<MessagePostedEvent>((resolve) => room.once('message', resolve));
    const m = t.emu.world.post(2, 1, 'welcome back');
    expect((await got).messageId).toBe(m.id);
  });
});
