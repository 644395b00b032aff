import { describe, it, expect, afterEach } from '@jest/globals';
import { ChatEmulator, type EmuMessage } from '@botpy/emulator';
import { ChatInputError, ClientClosedError, DuplicateMessageError, MessagePostedEvent, RoomAccessError, type ChatClient } from '../src/index.js';
import { login, startEmulator } from './e2e-helpers.js';

describe('sending (e2e against the emulator)', () => {
  let emu: ChatEmulator | undefined;
  let client: ChatClient | undefined;
  afterEach(async () => {
    await client?.close();
    await emu?.stop();
    client = emu = undefined;
  });

  it('throttle of 1 msg/s (virtual clock): 30 sends queued at once all arrive, in order, none early, no 409 reaches the caller', async () => {
    let now = Date.now();
    emu = await ChatEmulator.start({ clock: { now: () => now }, policies: { throttle: { burst: 1, perSecond: 1 } } });
    const waits: number[] = [];
    client = await login(emu, {
      queue: {
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
      },
    });
    const room = await client.joinRoom(1);
    const accepted: { m: EmuMessage; at: number }[] = [];
    emu.world.on('message', (m, kind) => {
      if (kind === 'posted' && m.userId === 100) accepted.push({ m, at: now });
    });
    let backlogSeen = 0;
    const sends = Array.from({ length: 30 }, (_, i) => room.send(`queued message ${i}`));
    backlogSeen = client.sendQueue.backlog;
    const ids = await Promise.all(sends);
    expect(backlogSeen).toBe(30);
    expect(client.sendQueue.backlog).toBe(0);
    expect(accepted.map((a) => a.m.text)).toEqual(Array.from({ length: 30 }, (_, i) => `queued message ${i}`));
    expect(accepted.map((a) => a.m.id)).toEqual(ids);
    for (let i = 1; i < accepted.length; i++) expect(accepted[i]!.at - accepted[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(client.stats.throttled).toBeGreaterThanOrEqual(29);
    expect(waits.every((w) => w === 1000)).toBe(true);
  });

  it('throttle of 1 msg/s (real time): queued sends are spaced, in order, and all resolve', async () => {
    emu = await startEmulator({ throttle: { burst: 1, perSecond: 1 } });
    client = await login(emu);
    const room = await client.joinRoom(1);
    const times: number[] = [];
    emu.world.on('message', (m, kind) => {
      if (kind === 'posted' && m.userId === 100) times.push(performance.now());
    });
    const ids = await Promise.all([0, 1, 2].map((i) => room.send(`real ${i}`)));
    expect(ids.map((id) => emu!.world.message(id)!.text)).toEqual(['real 0', 'real 1', 'real 2']);
    console.log(`real-time spacing: ${times.slice(1).map((t, i) => (t - times[i]!).toFixed(0)).join(', ')} ms`);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
  });

  it('a 1200-character single-line text arrives as messages of at most 500 characters, intact, with a link at the split point whole', async () => {
    emu = await startEmulator();
    client = await login(emu);
    const room = await client.joinRoom(1);
    const link = '[the protocol notes](https://example.com/se-chat/protocol-notes)';
    const words = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `${tag}${i % 10}`).join(' ');
    const text = `${words(160, 'a')} ${link} ${words(300, 'b')}`.slice(0, 1199) + 'z';
    expect(text.length).toBe(1200);
    expect(text.indexOf(link)).toBeLessThan(500);
    expect(text.indexOf(link) + link.length).toBeGreaterThan(500);
    const ids = await room.sendAll(text);
    const msgs = ids.map((id) => emu!.world.message(id)!);
    expect(msgs.length).toBe(3);
    for (const m of msgs) expect(m.source.length).toBeLessThanOrEqual(500);
    expect(msgs.map((m) => m.source).join(' ')).toBe(text);
    expect(msgs.some((m) => m.source.includes(link))).toBe(true);
    expect(await room.send('short')).toBeGreaterThan(ids[2]!);
  });

  it('rejects empty messages and sends to inaccessible rooms with typed errors', async () => {
    emu = await startEmulator();
    client = await login(emu);
    const room = await client.joinRoom(1);
    await expect(room.send('   ')).rejects.toBeInstanceOf(ChatInputError);
    await expect(client.joinRoom(999)).rejects.toBeInstanceOf(RoomAccessError);
    emu.world.kick(1, 100, 1);
    await expect(room.send('after kick')).rejects.toBeInstanceOf(RoomAccessError);
  });

  it('retries a transient 500 and reports a persistent one after bounded retries', async () => {
    emu = await startEmulator();
    client = await login(emu, { queue: { retryBaseMs: 5 } });
    const room = await client.joinRoom(1);
    emu.faults.failNext('POST /chats/:room/messages/new', 1, 500);
    const id = await room.send('survives one 500');
    expect(emu.world.message(id)?.text).toBe('survives one 500');
    emu.faults.failNext('POST /chats/:room/messages/new', 100, 500);
    await expect(room.send('never')).rejects.toMatchObject({ code: 'REQUEST_FAILED', status: 500 });
    emu.faults.failNext('POST /chats/:room/messages/new', 0, 500);
  });

  it('replies with the :id prefix when asked, and refuses an over-long single line when lengthCheck is off', async () => {
    emu = await startEmulator();
    client = await login(emu, { replyStyle: 'prefix' });
    const room = await client.joinRoom(1);
    const q = emu.world.post(2, 1, 'a question');
    const id = await room.send('an answer', { replyTo: q.id });
    const m = emu.world.message(id)!;
    expect(m.parentId).toBe(q.id);
    expect(m.source).toBe(`:${q.id} an answer`);
    expect(m.text).toBe('an answer');
    await expect(room.send('x '.repeat(300), { lengthCheck: false })).rejects.toBeInstanceOf(ChatInputError);
    const multi = await room.send(('y '.repeat(300) + '\n').repeat(2), { lengthCheck: false });
    expect(emu.world.message(multi)?.source.length).toBe(1202);
  });

  it('refuses a duplicate of the previous message with a typed error', async () => {
    emu = await startEmulator();
    client = await login(emu);
    const room = await client.joinRoom(1);
    await room.send('same text');
    await expect(room.send('same text')).rejects.toBeInstanceOf(DuplicateMessageError);
  });

  it('leaving the room ends its iterators and rejects its sends; joining again resumes the stream', async () => {
    emu = await startEmulator();
    client = await login(emu);
    let room = await client.joinRoom(1);
    const it = room[Symbol.asyncIterator]();
    const ended = it.next();
    await room.leave();
    expect((await ended).done).toBe(true);
    expect(client.room(1)).toBeUndefined();
    await expect(room.send('gone')).rejects.toBeInstanceOf(ClientClosedError);
    room = await client.joinRoom(1);
    const got = new Promise<MessagePostedEvent>((resolve) => room.once('message', resolve));
    const m = emu.world.post(2, 1, 'welcome back');
    expect((await got).messageId).toBe(m.id);
  });
});
