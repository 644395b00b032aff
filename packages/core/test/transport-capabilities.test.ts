import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CHAT_CAPABILITIES, ChatTransport, requireCapability, supports, UnsupportedError,
  type ChatPerson, type TransportEvent, type TransportHealth,
} from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

/** A transport with only the required members: every optional capability is missing. */
class MinimalTransport implements ChatTransport {
  self: ChatPerson | null = null;
  async connect(): Promise<ChatPerson> {
    return (this.self = { id: 99, name: 'Minimal' });
  }
  onEvent(_fn: (e: TransportEvent) => void): () => void {
    return () => undefined;
  }
  async send(): Promise<number[]> {
    return [1];
  }
  roomName(): string | undefined {
    return undefined;
  }
  async roomOwners(): Promise<ChatPerson[]> {
    return [];
  }
  async user(id: number): Promise<ChatPerson> {
    return { id, name: 'x' };
  }
  async roomUsers(): Promise<ChatPerson[]> {
    return [];
  }
  async drain(): Promise<void> {}
  async close(): Promise<void> {}
  health(): TransportHealth {
    return { socketState: 'closed', lastFrameAt: null, sendBacklog: 0, reconnects: 0 };
  }
}

describe('ChatTransport optional capabilities', () => {
  it('a transport without a capability gives UNSUPPORTED naming it', () => {
    const t = new MinimalTransport();
    for (const c of CHAT_CAPABILITIES) {
      expect(supports(t, c)).toBe(false);
      const err = (() => {
        try {
          requireCapability(t, c);
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(UnsupportedError);
      expect((err as UnsupportedError).code).toBe('UNSUPPORTED');
      expect((err as UnsupportedError).capability).toBe(c);
      expect((err as Error).message).toContain(c);
    }
  });

  describe('the default transport over the real client and the emulator', () => {
    let bot: TestBot;
    let t: ChatTransport;
    beforeAll(async () => {
      bot = await createTestBot({ messages: { startup: null } });
      t = bot.app.container.resolve(ChatTransport);
    });
    afterAll(async () => {
      await bot?.stop();
    });

    it('has every capability', () => {
      for (const c of CHAT_CAPABILITIES) expect(supports(t, c)).toBe(true);
    });

    it('edits, stars, pins and deletes a message, reads its source and the room history', async () => {
      const [id] = await t.send(1, 'first **version**');
      await requireCapability(t, 'edit')(1, id, 'second version');
      expect(bot.emulator.world.message(id)?.text).toBe('second version');
      expect((await requireCapability(t, 'message')(id)).source).toBe('second version');
      const alice = { id: 1, name: 'Alice Owner' };
      const [other] = (await bot.room(1).say(alice, '@TestBot alive')).map((r) => r.id);
      await requireCapability(t, 'star')(1, other);
      expect(bot.emulator.world.message(other)?.stars).toBe(1);
      const history = await requireCapability(t, 'history')(1, 5);
      expect(history.map((m) => m.id)).toContain(id);
      expect(history.find((m) => m.id === id)?.text).toBe('second version');
      await requireCapability(t, 'delete')(1, id);
      expect(bot.emulator.world.message(id)?.deleted).toBe(true);
    });

    it('reads user and room cards', async () => {
      const u = await requireCapability(t, 'userDetails')(1, 1);
      expect(u).toMatchObject({ id: 1, name: 'Alice Owner', isOwner: true });
      const r = await requireCapability(t, 'roomDetails')(1);
      expect(r.id).toBe(1);
      expect(typeof r.name).toBe('string');
    });
  });
});
