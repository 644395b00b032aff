import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  parseEvents,
  parseBody,
  MessagePostedEvent,
  MessageEditedEvent,
  MessageDeletedEvent,
  MessageStarredEvent,
  UserEnteredEvent,
  UserLeftEvent,
  UserKickedEvent,
  UserMentionedEvent,
  MessageReplyEvent,
  AccessLevelChangedEvent,
  UnknownEvent,
  MessageEvent,
  InvitationEvent,
} from '../src/index.js';

const base = { time_stamp: 1500148961, room_id: 1, room_name: 'Sandbox' };
const posted = (id: number, mid: number, extra: object = {}) => ({ ...base, event_type: 1, id, message_id: mid, user_id: 2, user_name: 'Bob', content: 'hi &amp; bye', ...extra });

describe('parseEvents', () => {
  it('parses a socket frame into typed events with decoded text', () => {
    const frame = JSON.stringify({ r1: { e: [posted(10, 100)], t: 10, d: 1 } });
    const [ev] = parseEvents(frame);
    expect(ev).toBeInstanceOf(MessagePostedEvent);
    const m = ev as MessagePostedEvent;
    expect(m).toMatchObject({ id: 10, messageId: 100, roomId: 1, roomName: 'Sandbox', userId: 2, userName: 'Bob', html: 'hi &amp; bye', text: 'hi & bye', typeName: 'MessagePosted' });
    expect(parseBody(frame).cursor).toBe(10);
  });

  it('merges a reply (18) copied into two rooms with its 1, keeping the parent id', () => {
    const reply = { ...base, event_type: 18, id: 77322110, message_id: 38145271, user_id: 13379, user_name: 'Michael', target_user_id: 4258326, content: '@OakBot Test2', parent_id: 38145269, show_parent: true };
    const msg = { ...base, event_type: 1, id: 77322111, message_id: 38145271, user_id: 13379, user_name: 'Michael', content: '@OakBot Test2', parent_id: 38145269, show_parent: true };
    const events = parseEvents({ r1: { e: [reply, msg], t: 77322111, d: 2 }, r139: { e: [reply], t: 77322111, d: 2 } });
    expect(events).toHaveLength(1);
    const m = events[0] as MessageEvent;
    expect(m).toBeInstanceOf(MessagePostedEvent);
    expect(m.repliedTo).toBe(true);
    expect(m.mentioned).toBe(false);
    expect(m.parentId).toBe(38145269);
    expect(m.targetUserId).toBe(4258326);
    expect(m.mergedEventIds).toEqual([77322110]);
  });

  it('merges a mention (8) into an edit (2)', () => {
    const edit = { ...base, event_type: 2, id: 21, message_id: 5, user_id: 2, content: '@TestBot hey', message_edits: 1 };
    const mention = { ...base, event_type: 8, id: 20, message_id: 5, user_id: 2, content: '@TestBot hey', target_user_id: 100, parent_id: 4 };
    const [m] = parseEvents({ r1: { e: [mention, edit], t: 21 } }) as MessageEvent[];
    expect(m).toBeInstanceOf(MessageEditedEvent);
    expect(m!.mentioned).toBe(true);
    expect(m!.edits).toBe(1);
    expect(m!.parentId).toBe(4);
  });

  it('keeps an 8/18 without its companion as its own type', () => {
    const [a, b] = parseEvents([
      { ...base, event_type: 8, id: 1, message_id: 9, content: 'x' },
      { ...base, event_type: 18, id: 2, message_id: 10, content: 'y', parent_id: 3 },
    ]);
    expect(a).toBeInstanceOf(UserMentionedEvent);
    expect(b).toBeInstanceOf(MessageReplyEvent);
    expect((b as MessageReplyEvent).parentId).toBe(3);
  });

  it('de-duplicates by event id and sorts by id', () => {
    const ids = parseEvents({ r1: { e: [posted(3, 30), posted(1, 10), posted(3, 30)] }, r2: { e: [posted(2, 20)] } }).map((e) => e.id);
    expect(ids).toEqual([1, 2, 3]);
  });

  it('types deletes, stars, enter, leave, kick and access changes', () => {
    const events = parseEvents({
      r1: {
        e: [
          { ...base, event_type: 10, id: 1, message_id: 7, user_id: 2 },
          { ...base, event_type: 6, id: 2, message_id: 7, message_stars: 2, message_owner_stars: 1, content: 'x' },
          { ...base, event_type: 3, id: 3, user_id: 3, target_user_id: 3 },
          { ...base, event_type: 4, id: 4, user_id: 3, target_user_id: 3 },
          { ...base, event_type: 4, id: 5, user_id: 2, target_user_id: 2 },
          { ...base, event_type: 15, id: 6, user_id: 1, target_user_id: 2, content: 'Access now read-only' },
          { ...base, event_type: 15, id: 7, user_id: 1, target_user_id: 5, content: 'Access now read-write' },
          { ...base, event_type: 17, id: 8, user_id: 1 },
        ],
      },
    });
    expect(events.map((e) => e.constructor.name)).toEqual([
      'MessageDeletedEvent',
      'MessageStarredEvent',
      'UserEnteredEvent',
      'UserLeftEvent',
      'UserKickedEvent',
      'AccessLevelChangedEvent',
      'InvitationEvent',
    ]);
    expect(events[0]).toBeInstanceOf(MessageDeletedEvent);
    const star = events[1] as MessageStarredEvent;
    expect(star.stars).toBe(2);
    expect(star.pinned).toBe(true);
    expect(star.userId).toBeUndefined();
    expect(events[2]).toBeInstanceOf(UserEnteredEvent);
    expect(events[4]).toBeInstanceOf(UserLeftEvent);
    const kick = events[4] as UserKickedEvent;
    expect(kick.typeName).toBe('UserKicked');
    expect(kick.targetUserId).toBe(2);
    expect(kick.accessEvent.content).toBe('Access now read-only');
    expect((events[5] as AccessLevelChangedEvent).content).toBe('Access now read-write');
    expect(events[6]).toBeInstanceOf(InvitationEvent);
  });

  it('gives UnknownEvent for unknown and internal types', () => {
    const events = parseEvents([{ event_type: 99, id: 1 }, { event_type: 23, id: 2 }, { id: 3 }]);
    expect(events.every((e) => e instanceof UnknownEvent)).toBe(true);
    expect(events.map((e) => e.type)).toEqual([99, 23, 0]);
  });

  it('reads a /chats/{room}/events answer and its cursor', () => {
    const body = { ms: 1, time: 90287778, sync: 1540642960, events: [posted(90287708, 44402065)] };
    const parsed = parseBody(JSON.stringify(body));
    expect(parsed.cursor).toBe(90287778);
    expect(parsed.events[0]).toBeInstanceOf(MessagePostedEvent);
  });

  it('handles idle frames, heartbeats and garbage', () => {
    expect(parseEvents('{"r17":{}}')).toEqual([]);
    expect(parseBody('{"r1":{"t":23531002,"d":3}}').cursor).toBe(23531002);
    expect(parseBody('{"action":"hb","data":"hb"}').heartbeat).toBe(true);
    expect(parseEvents('not json')).toEqual([]);
    expect(parseEvents(null)).toEqual([]);
    expect(parseEvents({ r1: { e: 'nope' } })).toEqual([]);
    expect(parseEvents({ r1: { e: [null, 1, 'x', { event_type: 'x' }] } })).toHaveLength(1);
  });

  it('property: never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(Array.isArray(parseEvents(v as object))).toBe(true);
        expect(Array.isArray(parseEvents(JSON.stringify(v)))).toBe(true);
      }),
    );
  });

  it('property: arbitrary event objects in a frame never throw and keep ids unique', () => {
    const rawEvent = fc.record(
      {
        event_type: fc.oneof(fc.integer({ min: -2, max: 40 }), fc.string(), fc.constant(null)),
        id: fc.integer({ min: 1, max: 50 }),
        message_id: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.string()),
        room_id: fc.integer({ min: 1, max: 3 }),
        user_id: fc.integer({ min: -5, max: 5 }),
        target_user_id: fc.integer({ min: 1, max: 5 }),
        content: fc.oneof(fc.string(), fc.integer()),
        parent_id: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(rawEvent, { maxLength: 20 }), (es) => {
        const out = parseEvents({ r1: { e: es, t: 5 } });
        const ids = out.map((e) => e.id).filter((id) => id !== 0);
        expect(new Set(ids).size).toBe(ids.length);
      }),
    );
  });
});

describe('conformance with the shared captured fixtures', () => {
  const dir = path.resolve(process.cwd(), '../shared/fixtures/se-chat');
  const present = fs.existsSync(dir);
  if (!present) {
    it.skip('shared fixtures absent (../shared/fixtures/se-chat): conformance skipped', () => {});
    return;
  }
  it('parses every captured frame and event file without unknown types for known numbers', () => {
    for (const sub of ['ws-frames', 'events']) {
      for (const f of fs.readdirSync(path.join(dir, sub))) {
        const events = parseEvents(fs.readFileSync(path.join(dir, sub, f), 'utf8'));
        for (const e of events) expect(e).not.toBeInstanceOf(UnknownEvent);
      }
    }
    const reply = parseEvents(fs.readFileSync(path.join(dir, 'ws-frames/oakbot-wiki-04-reply-broadcast-two-rooms.json'), 'utf8'));
    expect(reply).toHaveLength(1);
    expect((reply[0] as MessageEvent).repliedTo).toBe(true);
    const poll = parseBody(fs.readFileSync(path.join(dir, 'http/events-poll.response.json'), 'utf8'));
    expect(poll.events.length).toBeGreaterThan(0);
    expect(poll.cursor).toBeGreaterThan(0);
  });
});
