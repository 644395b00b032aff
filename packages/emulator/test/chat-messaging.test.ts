import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatEmulator, renderMessage, type EmuMessage } from '@botpy/emulator';
import { login, type Account } from './chat-kit.js';

describe('chat emulator: writing messages (spec §4.5–4.11, §6.4, §7, §8)', () => {
  let emu: ChatEmulator;
  let bot: Account;
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const tick = (s: number): void => {
    now += s * 1000;
  };
  const send = async (text: string, extra: Record<string, string | number> = {}, acc = bot, room = 1) => {
    const r = await acc.post(`/chats/${room}/messages/new`, { text, ...extra });
    return { status: r.statusCode, body: r.body, id: r.statusCode === 200 ? (JSON.parse(r.body) as { id: number | null }).id : null };
  };
  beforeAll(async () => {
    emu = await ChatEmulator.start({ clock: { now: () => now }, policies: { throttle: null } });
    bot = await login(emu, 'bot@example.com', 'botpass');
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('sends: 200 {"id","time"}; the world sees it; /message/{id}?plain=true gives the source', async () => {
    const seen: [EmuMessage, string][] = [];
    const off = emu.world.on('message', (m, kind) => seen.push([m, kind]));
    const r = await bot.post('/chats/1/messages/new', { text: 'hello *world* & <you>' });
    off();
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(r.body) as { id: number; time: number };
    expect(Object.keys(body)).toEqual(['id', 'time']);
    expect(body.time).toBe(Math.floor(now / 1000));
    expect(seen).toHaveLength(1);
    expect(seen[0]![1]).toBe('posted');
    expect(seen[0]![0]).toMatchObject({ id: body.id, userId: 100, userName: 'TestBot', html: 'hello <i>world</i> &amp; &lt;you&gt;' });
    const plain = await bot.http.get(`${emu.origin}/message/${body.id}?plain=true`);
    expect(plain.headers['content-type']).toMatch(/^text\/plain/);
    expect(plain.body).toBe('hello *world* & <you>');
    const rendered = await bot.http.get(`${emu.origin}/message/${body.id}`);
    expect(rendered.body).toBe('hello <i>world</i> &amp; &lt;you&gt;');
    await expect(emu.world.waitForMessage((m) => m.id === body.id)).resolves.toMatchObject({ text: 'hello *world* & <you>' });
  });

  it('waitForMessage resolves on a later post and rejects on timeout', async () => {
    const waiting = emu.world.waitForMessage((m) => m.text === 'later', 2000);
    await send('later');
    await expect(waiting).resolves.toMatchObject({ userId: 100 });
    await expect(emu.world.waitForMessage((m) => m.text === 'never', 50)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('replies: ":id text" and parentId both render @Name and carry the parent', async () => {
    const parent = emu.world.post(1, 1, 'question?');
    const a = await send(`:${parent.id} answer one`);
    expect(emu.world.message(a.id!)).toMatchObject({ parentId: parent.id, text: 'answer one', source: `:${parent.id} answer one`, html: '@AliceOwner answer one' });
    expect((await bot.http.get(`${emu.origin}/message/${a.id}?plain=true`)).body).toBe(`:${parent.id} answer one`);
    const b = await send('answer two', { parentId: parent.id });
    expect(emu.world.message(b.id!)).toMatchObject({ parentId: parent.id, text: 'answer two', html: '@AliceOwner answer two' });
  });

  it('renders the §6.4 shapes', () => {
    expect(renderMessage('**b** *i* _i_ `a<b` ---s--- [t](https://x.test/?a=1&b=2) https://y.test')).toBe(
      '<b>b</b> <i>i</i> <i>i</i> <code>a&lt;b</code> <strike>s</strike> <a href="https://x.test/?a=1&amp;b=2" rel="nofollow noopener noreferrer">t</a> <a href="https://y.test" rel="nofollow noopener noreferrer">https://y.test</a>',
    );
    expect(renderMessage('\\*not italic\\* "q" \'s\'')).toBe('*not italic* &quot;q&quot; &#39;s&#39;');
    expect(renderMessage('line **1**\nline <2>')).toBe("<div class='full'>line **1** <br> line &lt;2&gt;</div>");
    expect(renderMessage('    code <x>\n    more')).toBe("<pre class='full'>code &lt;x&gt;\nmore</pre>");
    // long multi-line / fixed-font messages are cut to their first lines (partialAfterChars)
    expect(renderMessage('aaaa\nbbbb\ncccc', undefined, 9)).toBe("<div class='partial'>aaaa <br> bbbb</div>");
    expect(renderMessage('aaaa\nbbbb\ncccc', undefined, 14)).toBe("<div class='full'>aaaa <br> bbbb <br> cccc</div>");
    expect(renderMessage('x'.repeat(30) + '\ny', undefined, 10)).toBe(`<div class='partial'>${'x'.repeat(10)}</div>`);
    expect(renderMessage('    one\n    two\n    three', undefined, 16)).toBe("<pre class='partial'>one\ntwo</pre>");
    expect(renderMessage('x'.repeat(40), undefined, 10)).toBe('x'.repeat(40)); // single-line: never cut
    expect(renderMessage('multi\nline', 'Bob Smith')).toBe("<div class='full'>@BobSmith multi <br> line</div>");
    expect(renderMessage('snake_case_name stays')).toBe('snake_case_name stays');
  });

  it('refuses a single-line message over 500 chars with 500, but takes a long multi-line one', async () => {
    const long = await send('x'.repeat(501));
    expect(long.status).toBe(500);
    expect((await send('y'.repeat(500))).status).toBe(200);
    expect((await send(`${'z'.repeat(600)}\nsecond line`)).status).toBe(200);
    emu.policies.multiLineLimit = 100;
    try {
      expect((await send(`${'w'.repeat(600)}\nsecond line`)).status).toBe(500);
    } finally {
      emu.policies.multiLineLimit = 20000;
    }
  });

  it('refuses a duplicate of the previous message with 200 and id null', async () => {
    expect((await send('same text')).id).not.toBeNull();
    const dup = await send('same text');
    expect(dup.status).toBe(200);
    expect(JSON.parse(dup.body)).toMatchObject({ id: null });
    emu.policies.duplicateRefusal = false;
    try {
      expect((await send('same text')).id).not.toBeNull();
    } finally {
      emu.policies.duplicateRefusal = true;
    }
  });

  it('edits and deletes with quoted-string answers; window, ownership, deleted and never-assigned ids', async () => {
    const m = await send('to edit');
    const ok = await bot.post(`/messages/${m.id}`, { text: 'edited **now**' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('"ok"');
    expect(emu.world.message(m.id!)).toMatchObject({ edits: 1, html: 'edited <b>now</b>' });
    const other = emu.world.post(2, 1, 'not yours');
    expect((await bot.post(`/messages/${other.id}`, { text: 'x' })).body).toBe('"You can only edit your own messages"');
    expect((await bot.post(`/messages/${other.id}/delete`)).body).toBe('"You can only delete your own messages"');
    tick(121);
    expect((await bot.post(`/messages/${m.id}`, { text: 'late' })).body).toBe('"It is too late to edit this message"');
    expect((await bot.post(`/messages/${m.id}/delete`)).body).toBe('"It is too late to delete this message"');
    const d = await send('to delete');
    expect((await bot.post(`/messages/${d.id}/delete`)).body).toBe('"ok"');
    expect(emu.world.message(d.id!)!.deleted).toBe(true);
    expect((await bot.post(`/messages/${d.id}/delete`)).body).toBe('"This message has already been deleted."');
    expect((await bot.post(`/messages/${d.id}`, { text: 'zombie' })).body).toBe('"This message has already been deleted and cannot be edited"');
    expect((await bot.http.get(`${emu.origin}/message/${d.id}?plain=true`)).statusCode).toBe(404);
    const never = await bot.post('/messages/987654321', { text: 'x' });
    expect(never.statusCode).toBe(302);
    expect((await bot.post('/messages/987654321/delete')).statusCode).toBe(302);
  });

  it('room owners delete anyone’s messages at any time', async () => {
    const alice = await login(emu, 'alice@example.com', 'alicepass');
    const m = emu.world.post(2, 1, 'old bob message');
    tick(1000);
    expect((await alice.post(`/messages/${m.id}/delete`)).body).toBe('"ok"');
  });

  it('stars toggle, owner-star pins (owners only), unstar clears', async () => {
    const m = emu.world.post(2, 1, 'star me');
    expect((await bot.post(`/messages/${m.id}/star`)).body).toBe('"ok"');
    expect(emu.world.message(m.id)!.stars).toBe(1);
    await bot.post(`/messages/${m.id}/star`);
    expect(emu.world.message(m.id)!.stars).toBe(0);
    expect((await bot.post(`/messages/${m.id}/owner-star`)).body).not.toBe('"ok"');
    const alice = await login(emu, 'alice@example.com', 'alicepass');
    expect((await alice.post(`/messages/${m.id}/owner-star`)).body).toBe('"ok"');
    expect(emu.world.message(m.id)!.pinned).toBe(true);
    await alice.post(`/messages/${m.id}/unowner-star`);
    expect(emu.world.message(m.id)!.pinned).toBe(false);
    await bot.post(`/messages/${m.id}/star`);
    await alice.post(`/messages/${m.id}/unstar`);
    expect(emu.world.message(m.id)!.stars).toBe(0);
  });

  it('throttles per account with 409 plain text "…again in N seconds." and "…in 1 second."', async () => {
    emu.policies.throttle = { burst: 2, perSecond: 0.5 };
    try {
      const carol = await login(emu, 'carol@example.com', 'carolpass');
      expect((await send('t1', {}, carol)).status).toBe(200);
      expect((await send('t2', {}, carol)).status).toBe(200);
      const r = await carol.post('/chats/1/messages/new', { text: 't3' });
      expect(r.statusCode).toBe(409);
      expect(r.headers['content-type']).toMatch(/^text\/plain/);
      expect(r.body).toBe('You can perform this action again in 2 seconds.');
      tick(1);
      expect((await carol.post('/chats/1/messages/new', { text: 't3' })).body).toBe('You can perform this action again in 1 second.');
      // edits and deletes share the bucket
      const e = await carol.post(`/messages/${emu.world.transcript(1).at(-1)!.id}`, { text: 'edit' });
      expect(e.statusCode).toBe(409);
      tick(1);
      expect((await send('t3', {}, carol)).status).toBe(200);
      // per account: the bot is not affected
      expect((await send('bot not throttled')).status).toBe(200);
    } finally {
      emu.policies.throttle = null;
    }
  });

  it('refuses unknown rooms with the 404 sentence and missing text with 400', async () => {
    const r = await bot.post('/chats/999/messages/new', { text: 'hi' });
    expect(r.statusCode).toBe(404);
    expect(r.body).toBe('The room does not exist, or you do not have permission');
    expect((await bot.post('/chats/1/messages/new', {})).statusCode).toBe(400);
  });

  it('a kicked account cannot post for a while', async () => {
    const dave = emu.world.addUser({ name: 'Dave Kicked', email: 'dave@example.com', password: 'davepass' });
    const acc = await login(emu, 'dave@example.com', 'davepass');
    expect((await send('before kick', {}, acc)).status).toBe(200);
    emu.world.kick(1, dave.id, 1);
    expect((await send('after kick', {}, acc)).status).toBe(404);
    tick(61);
    expect((await send('after timeout', {}, acc)).status).toBe(200);
  });

  it('pinging yourself gives no 8; a plain ping of one user points parent_id at their last message', async () => {
    const bobMsg = emu.world.post(2, 1, 'bob says');
    const s = await send('@Bob hi and @TestBot me');
    const evs = (JSON.parse((await bot.post('/events', { r1: 0 })).body) as Record<string, { e: Record<string, unknown>[] }>).r1!.e;
    expect(evs.filter((e) => e.message_id === s.id).map((e) => e.event_type)).toEqual([1]); // the bot sees no 8 for itself, nor Bob's 8
    expect(evs.find((e) => e.message_id === s.id)).toMatchObject({ parent_id: bobMsg.id });
    expect(evs.find((e) => e.message_id === s.id)).not.toHaveProperty('show_parent');
  });
});
