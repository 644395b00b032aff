import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';

describe('chat.queue reaches the chat client (e2e)', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  it('with chat.queue.coalesce, messages queued under the throttle are merged into a few posts, all lines in order', async () => {
    bot = await createTestBot({
      // 1 a second (chat's own pace): the second post always meets a 409, however slow the machine is
      emulator: { policies: { throttle: { burst: 1, perSecond: 1 } } },
      chat: { queue: { coalesce: true } },
      messages: { startup: null },
    });
    const texts = Array.from({ length: 20 }, (_, i) => `report ${i}`);
    await Promise.all(texts.map((t) => bot!.app.send(1, t)));
    const posts = bot.room(1).transcript().filter((m) => m.userId === bot!.app.account?.id);
    expect(posts.flatMap((m) => m.text.split('\n'))).toEqual(texts);
    expect(posts.length).toBeLessThanOrEqual(3);
  }, 20_000);
});
