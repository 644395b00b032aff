import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import type { ChatEmulator } from '@botpy/emulator';
import {
  MessageDeletedEvent,
  MessageEditedEvent,
  MessagePostedEvent,
  MessageStarredEvent,
  UserEnteredEvent,
  UserKickedEvent,
  UserLeftEvent,
  parseEvents,
  type ChatClient,
  type ChatEvent,
  type Room,
} from '../src/index.js';
import { BOT, login, nextEvent, startEmulator } from './e2e-helpers.js';

describe('events (e2e against the emulator)', () => {
  let emu: ChatEmulator;
  let client: ChatClient;
  let room: Room;

  beforeAll(async () => {
    emu = await startEmulator();
    client = await login(emu);
    room = await client.joinRoom(1);
    await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await client.close();
    await emu.stop();
  });

  it("another user's post arrives as a typed message event, fast", async () => {
    const got = new Promise<{ ev: MessagePostedEvent; at: number }>((resolve) => room.once('message', (ev: MessagePostedEvent) => resolve({ ev, at: performance.now() })));
    const t0 = performance.now();
    const m = emu.world.post(2, 1, 'hello **bot** & <friends>');
    const { ev, at } = await got;
    const latency = at - t0;
    console.log(`post → typed message event latency: ${latency.toFixed(1)} ms (target < 50 ms)`);
    expect(latency).toBeLessThan(500);
    expect(ev).toBeInstanceOf(MessagePostedEvent);
    expect(ev.messageId).toBe(m.id);
    expect(ev.userId).toBe(2);
    expect(ev.userName).toBe('Bob');
    expect(ev.roomId).toBe(1);
    expect(ev.text).toBe('hello bot & <friends>');
    expect(ev.html).toContain('<b>bot</b>');
    expect(await ev.source()).toBe('hello **bot** & <friends>');
  });

  it('edit, delete, star, enter, leave and kick arrive as their own types', async () => {
    const seen: ChatEvent[] = [];
    const fn = (e: ChatEvent): void => void seen.push(e);
    room.on('event', fn);
    const m = emu.world.post(2, 1, 'to be edited');
    await nextEvent(client, (e) => e instanceof MessagePostedEvent && e.messageId === m.id);
    const edited = nextEvent(client, (e) => e instanceof MessageEditedEvent);
    emu.world.edit(2, m.id, 'edited text');
    expect(((await edited) as MessageEditedEvent).text).toBe('edited text');
    expect(((await Promise.resolve(seen.find((e) => e instanceof MessageEditedEvent))) as MessageEditedEvent).edits).toBe(1);

    const starred = nextEvent(client, (e) => e instanceof MessageStarredEvent);
    emu.world.star(3, m.id);
    expect(((await starred) as MessageStarredEvent).stars).toBe(1);

    const deleted = nextEvent(client, (e) => e instanceof MessageDeletedEvent);
    emu.world.delete(2, m.id);
    expect(((await deleted) as MessageDeletedEvent).messageId).toBe(m.id);

    const carol = emu.world.addUser({ name: 'Dave' });
    const entered = nextEvent(client, (e) => e instanceof UserEnteredEvent && e.userId === carol.id);
    emu.world.enter(carol.id, 1);
    await entered;
    const left = nextEvent(client, (e) => e instanceof UserLeftEvent && e.userId === carol.id);
    emu.world.leave(carol.id, 1);
    expect((await left).typeName).toBe('UserLeft');

    emu.world.enter(3, 1);
    const kicked = nextEvent(client, (e) => e instanceof UserKickedEvent);
    emu.world.kick(1, 3, 1);
    const k = (await kicked) as UserKickedEvent;
    expect(k.typeName).toBe('UserKicked');
    expect(k.targetUserId ?? k.userId).toBe(3);
    room.off('event', fn);
    // each event once
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a reply to the bot carries its parent id (and is merged with its 18)', async () => {
    const mine = await room.send('a message of the bot');
    const reply = nextEvent(client, (e) => e instanceof MessagePostedEvent && e.userId === 2 && e.parentId === mine);
    emu.world.post(2, 1, `:${mine} answering you`);
    const ev = (await reply) as MessagePostedEvent;
    expect(ev.parentId).toBe(mine);
    expect(ev.repliedTo).toBe(true);
    expect(ev.text).toContain('answering you');
  });

  it('a ping of the bot is merged into its message (mentioned)', async () => {
    const ping = nextEvent(client, (e) => e instanceof MessagePostedEvent && e.text.includes('ping test'));
    emu.world.post(3, 1, '@TestBot ping test');
    expect(((await ping) as MessagePostedEvent).mentioned).toBe(true);
  });

  it('the bot replies with parentId and sees its own message', async () => {
    const m = emu.world.post(2, 1, 'question?');
    const own = nextEvent(client, (e) => e instanceof MessagePostedEvent && e.userId === BOT.id && e.text.includes('answer!'));
    const id = await room.send('answer!', { replyTo: m.id });
    expect(emu.world.message(id)?.parentId).toBe(m.id);
    expect(((await own) as MessagePostedEvent).messageId).toBe(id);
  });

  it('multi-line messages arrive as decoded plain text', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `line ${i} with some &amp; text <b>`).join('\n');
    const got = nextEvent(client, (e) => e instanceof MessagePostedEvent && e.text.startsWith('line 0'));
    emu.world.post(2, 1, long);
    const ev = (await got) as MessagePostedEvent;
    expect(ev.text).toBe(long);
  });

  it('a truncated message (div.partial) is completed from ?plain=true before it is delivered', async () => {
    // the emulator never truncates, so feed the client's stream a truncated copy of a real message
    const full = Array.from({ length: 5 }, (_, i) => `long line ${i}`).join('\n');
    const m = emu.world.post(2, 1, full);
    await nextEvent(client, (e) => e instanceof MessagePostedEvent && e.messageId === m.id);
    const got = nextEvent(client, (e) => e instanceof MessagePostedEvent && e.id === 999_999_999);
    const raw = { event_type: 1, id: 999_999_999, time_stamp: 1, room_id: 1, room_name: 'Sandbox', user_id: 2, user_name: 'Bob', message_id: m.id, content: "<div class='partial'>long line 0 <br> long li</div>" };
    (client as unknown as { stream: { emit(n: string, e: unknown): void } }).stream.emit('events', parseEvents([raw]));
    const ev = (await got) as MessagePostedEvent;
    expect(ev.truncated).toBe(true);
    expect(ev.text).toBe(full);
  });

  it('edits and deletes its own messages; stars; reads history, owners, pingable users, info and users', async () => {
    const id = await room.send('bot original');
    await room.edit(id, 'bot edited');
    expect(emu.world.message(id)?.text).toBe('bot edited');
    await room.star((emu.world.post(2, 1, 'star me')).id);
    await room.delete(id);
    expect(emu.world.message(id)?.deleted).toBe(true);
    await room.delete(id); // already deleted counts as success

    const hist = await room.history(3);
    expect(hist).toHaveLength(3);
    expect(hist.map((h) => h.messageId)).toEqual([...hist.map((h) => h.messageId)].sort((a, b) => a - b));
    const owners = await room.owners();
    expect(owners.map((o) => o.id)).toEqual([1]);
    const pingable = await room.pingableUsers();
    expect(pingable.some((u) => u.id === 2 && u.name === 'Bob')).toBe(true);
    const info = await room.info();
    expect(info).toMatchObject({ id: 1, name: 'Sandbox' });
    expect(room.name).toBe('Sandbox');
    expect(await client.user(1, 1)).toMatchObject({ id: 1, name: 'Alice Owner', isOwner: true });
    expect(await client.user(2)).toMatchObject({ id: 2, name: 'Bob' });
  });

  it('the async iterator yields room events in order', async () => {
    const it = room[Symbol.asyncIterator]();
    const a = emu.world.post(2, 1, 'iter one');
    const b = emu.world.post(3, 1, 'iter two');
    const got: number[] = [];
    while (got.length < 2) {
      const { value } = await it.next();
      if (value instanceof MessagePostedEvent) got.push(value.messageId);
    }
    await it.return?.();
    expect(got).toEqual([a.id, b.id]);
  });
});
