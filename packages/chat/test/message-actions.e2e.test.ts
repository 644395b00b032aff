import { describe, it, expect, afterAll, beforeAll } from '@jest/globals';
import { ChatEmulator } from '@botpy/emulator';
import { MessageActionError, type ChatClient, type Room } from '../src/index.js';
import { login } from './e2e-helpers.js';

/** Every message action and detail read, with chat's refusals, over the real client and the emulator. */
describe('message actions and details (e2e against the emulator)', () => {
  let emu: ChatEmulator;
  let client: ChatClient;
  let room: Room;
  let offsetMs = 0;

  beforeAll(async () => {
    emu = await ChatEmulator.start({ policies: { throttle: null }, clock: { now: () => Date.now() + offsetMs } });
    emu.world.addRoom({ id: 2, name: 'Other Room', owners: [1], tags: ['bots', 'testing'] });
    client = await login(emu);
    room = await client.joinRoom(1);
  });
  afterAll(async () => {
    await client.close();
    await emu.stop();
  });

  const refusal = async (p: Promise<unknown>): Promise<MessageActionError> => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(MessageActionError);
    return err as MessageActionError;
  };

  it('edit: own message within the window; refusals: not yours, too late (2 minutes), deleted, never assigned', async () => {
    const id = await room.send('draft one');
    await room.edit(id, 'draft two');
    expect(emu.world.message(id)?.text).toBe('draft two');
    const bobs = emu.world.post(2, 1, 'bob says hi');
    expect((await refusal(room.edit(bobs.id, 'hijack'))).refusal).toBe('not-yours');
    const old = await room.send('will be too old');
    offsetMs += 121_000;
    try {
      const e = await refusal(room.edit(old, 'late'));
      expect(e).toMatchObject({ refusal: 'too-late', code: 'ACTION_REFUSED', action: 'edit' });
      expect((await refusal(room.delete(old))).refusal).toBe('too-late');
    } finally {
      offsetMs = 0;
    }
    const gone = await room.send('short lived');
    await room.delete(gone);
    await room.delete(gone); // already deleted: success, as chat's sentence says
    expect((await refusal(room.edit(gone, 'back'))).refusal).toBe('deleted');
    expect((await refusal(room.edit(99_999_999, 'nobody'))).refusal).toBe('no-such-message');
    expect((await refusal(room.delete(bobs.id))).refusal).toBe('not-yours');
    expect(emu.world.message(bobs.id)?.deleted).toBe(false);
  });

  it('star sets a value (never toggles twice); details report stars and starred-by-me', async () => {
    const m = emu.world.post(2, 1, 'star this one');
    await room.star(m.id);
    await room.star(m.id); // already starred: nothing posted
    expect(emu.world.message(m.id)?.stars).toBe(1);
    emu.world.star(3, m.id);
    let d = await client.message(m.id);
    expect(d).toMatchObject({ id: m.id, roomId: 1, roomName: 'Sandbox', owner: { id: 2, name: 'Bob' }, text: 'star this one', stars: 2, starredByMe: true, pinned: false });
    await room.star(m.id, false);
    await room.star(m.id, false);
    d = await room.message(m.id);
    expect(d).toMatchObject({ stars: 1, starredByMe: false });
  });

  it('pin, unpin, cancel stars, move: refused for a non-owner, done once the bot owns the room', async () => {
    const m = emu.world.post(2, 1, 'pin candidate');
    emu.world.star(3, m.id);
    expect((await refusal(room.pin(m.id))).refusal).toBe('not-permitted');
    expect((await refusal(room.cancelStars(m.id))).refusal).toBe('not-permitted');
    expect((await refusal(room.move([m.id], 2))).refusal).toBe('not-permitted');
    expect(emu.world.message(m.id)).toMatchObject({ pinned: false, stars: 1, roomId: 1 });

    emu.world.setOwner(1, 100, true);
    try {
      await room.pin(m.id);
      await room.pin(m.id); // already pinned: nothing posted (a toggle would unpin it)
      let d = await client.message(m.id);
      expect(d).toMatchObject({ pinned: true, stars: 1, pinnedBy: [{ id: 100, name: 'TestBot' }] });
      await room.pin(m.id, false);
      d = await client.message(m.id);
      expect(d.pinned).toBe(false);
      await room.cancelStars(m.id);
      expect(emu.world.message(m.id)?.stars).toBe(0);

      const a = emu.world.post(3, 1, 'move me');
      const b = emu.world.post(3, 1, 'and me');
      expect(await room.move([a.id, b.id], 2)).toBe(2);
      expect(emu.world.message(a.id)?.roomId).toBe(2);
      expect((await client.message(b.id)).roomId).toBe(2);
      const gone = emu.world.post(2, 1, 'deleted before pin');
      emu.world.delete(2, gone.id);
      expect((await refusal(room.pin(gone.id))).refusal).toBe('deleted');
    } finally {
      emu.world.setOwner(1, 100, false);
    }
  });

  it('message details: parent, edits and editor, source; a deleted message is reported deleted', async () => {
    const parent = emu.world.post(2, 1, 'question?');
    const id = await room.send('an answer', { replyTo: parent.id });
    await room.edit(id, 'a **better** answer');
    const d = await client.message(id);
    expect(d).toMatchObject({ parentId: parent.id, edits: 1, editor: { id: 100 }, source: 'a **better** answer', owner: { id: 100 }, deleted: false });
    await room.delete(id);
    expect(await client.message(id)).toMatchObject({ deleted: true, text: '' });
    expect((await refusal(client.message(99_999_999))).refusal).toBe('no-such-message');
  });

  it('user details: reputation, moderator, about, last seen; room details: counts, parent site, tags, owners, current users', async () => {
    emu.world.addUser({ id: 50, name: 'Mod Person', moderator: true, reputation: 12345, about: 'I moderate' });
    emu.world.post(2, 2, 'someone in the other room');
    const u = await client.userDetails(50);
    expect(u).toMatchObject({ id: 50, name: 'Mod Person', isModerator: true, reputation: 12345, about: 'I moderate', lastSeenAgoSeconds: null });
    const bob = await client.userDetails(2);
    expect(bob).toMatchObject({ name: 'Bob', isModerator: false, lastSeenAgoSeconds: 0 });
    expect(bob.messageCount).toBeGreaterThan(0);
    const r = await client.roomDetails(2);
    expect(r).toMatchObject({ id: 2, name: 'Other Room', tags: ['bots', 'testing'], parentSite: 'Stack Overflow', owners: [{ id: 1, name: 'Alice Owner', isModerator: false }] });
    expect(r.currentUsers.map((x) => x.id)).toContain(2);
    expect(r.messageCount).toBeGreaterThanOrEqual(1);
    const here = await room.details();
    expect(here.userCount).toBe(here.currentUsers.length);
    expect(here.currentUsers.map((x) => x.id)).toContain(100);
    await expect(client.userDetails(4242)).rejects.toMatchObject({ status: 404 });
    await expect(client.roomDetails(4242)).rejects.toMatchObject({ code: 'ROOM_ACCESS' });
  });
});
