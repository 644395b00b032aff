import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BackgroundTask, Coordinator, NotActiveError, OnEvent, injectable, type CoordinatorRole, type TransportEvent } from '@botpy/core';
import { createTestBot, type TestBot } from '@botpy/testing';

/** A coordinator test double: the test decides the role and whether this instance may act (a lease). */
class FakeCoordinator implements Coordinator {
  readonly kind = 'fake';
  role: CoordinatorRole = 'starting';
  location: string | null = 'rack-7';
  lease = true;
  started = 0;
  stopped = 0;
  changes: string[] = [];
  private readonly listeners = new Set<(role: CoordinatorRole, previous: CoordinatorRole) => void>();
  async start(): Promise<void> {
    this.started++;
    this.set('active');
  }
  async stop(): Promise<void> {
    this.stopped++;
  }
  onRoleChange(fn: (role: CoordinatorRole, previous: CoordinatorRole) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  mayAct(): boolean {
    return this.role === 'active' && this.lease;
  }
  dataChanged(name?: string): void {
    this.changes.push(name ?? '*');
  }
  set(role: CoordinatorRole): void {
    const previous = this.role;
    this.role = role;
    for (const fn of this.listeners) fn(role, previous);
  }
}

const ticks = { n: 0 };
@BackgroundTask({ interval: 0.02, name: 'ticker' })
class Ticker {
  run() {
    ticks.n++;
  }
}
const seen: { standby: string[]; always: string[] } = { standby: [], always: [] };
@injectable()
class Watcher {
  @OnEvent('MessagePosted')
  onPosted(e: TransportEvent) {
    seen.standby.push(e.message!.text);
  }
  @OnEvent('MessagePosted', { whileStandby: true })
  onPostedAlways(e: TransportEvent) {
    seen.always.push(e.message!.text);
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
};

describe('a second Coordinator (a test double) drives standby and failover', () => {
  let bot: TestBot;
  const fake = new FakeCoordinator();
  const bob = { id: 2, name: 'Bob' };
  beforeAll(async () => {
    bot = await createTestBot({
      coordinator: () => fake, tasks: [Ticker], handlers: [Watcher], privileges: [{ level: 1, name: 'regular' }],
      messages: { startup: 'up', standby: 'standing by', failover: 'taking over' },
    });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('starts active through the coordinator, with its location', async () => {
    expect(fake.started).toBe(1);
    expect(bot.app.atStandby).toBe(false);
    expect(bot.app.location).toBe('rack-7');
    expect((await bot.room(1).say(bob, '@tes alive'))[0].text).toMatch(/alive/i);
    await waitFor(() => ticks.n > 0);
  });

  it('a privilege change tells the coordinator the data changed', async () => {
    await bot.app.privileges.grant(1, bob, 'regular');
    expect(fake.changes).toContain('*');
  });

  it('standby: commands ignored, tasks stopped, the notice posted, @OnEvent handlers quiet unless whileStandby', async () => {
    fake.set('standby');
    await waitFor(() => bot.app.atStandby && bot.room(1).transcript().at(-1)?.text === 'standing by');
    expect(await bot.room(1).say(bob, '@tes alive')).toEqual([]);
    const n = ticks.n;
    await sleep(100);
    expect(ticks.n).toBe(n);
    await bot.room(1).say(bob, 'hello while standby');
    expect(seen.always).toContain('hello while standby');
    expect(seen.standby).not.toContain('hello while standby');
    // fencing: a standby instance posts nothing but its own notices
    await expect(bot.app.send(1, 'sneaky')).rejects.toBeInstanceOf(NotActiveError);
  });

  it('failover: reloads, restarts tasks, answers again and posts the notice', async () => {
    fake.set('active');
    await waitFor(() => !bot.app.atStandby && bot.room(1).transcript().at(-1)?.text === 'taking over');
    const n = ticks.n;
    await waitFor(() => ticks.n > n);
    expect((await bot.room(1).say(bob, '@tes alive'))[0].text).toMatch(/alive/i);
    await bot.room(1).say(bob, 'hello while active');
    expect(seen.standby).toContain('hello while active');
  });

  it('fencing: a command whose instance lost its lease mid-run cannot post (NOT_ACTIVE), it is reported as an error', async () => {
    fake.lease = false;
    try {
      const replies = await bot.room(1).say(bob, '@tes alive');
      expect(replies).toEqual([]);
      expect(bot.app.health().counters.errors).toBeGreaterThan(0);
    } finally {
      fake.lease = true;
    }
  });

  it('coordinator and redunda together are refused at bootstrap', async () => {
    await expect(createTestBot({ coordinator: fake, redunda: { key: 'k', version: '1' }, start: false })).rejects.toThrow(/either coordinator or redunda/);
  });
});
