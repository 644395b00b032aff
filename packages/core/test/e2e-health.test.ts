import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { captureLogger } from './capture-logger.js';

// The opt-in health endpoint, end to end: a real app on the emulator serving /health and /metrics.
describe('health endpoint (bootstrap option `health`)', () => {
  let bot: TestBot;
  const log = captureLogger();
  const bob = { id: 2, name: 'Bob' };

  beforeAll(async () => {
    bot = await createTestBot({ logger: log.logger, health: { port: 0 } });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('reports liveness, role, backlog and counters as JSON', async () => {
    await bot.room(1).say(bob, '@TestBot alive');
    const url = bot.app.healthUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.status).toBe('ok');
    expect(body.role).toBe('active');
    expect(body.socket.state).toBe('open');
    expect(typeof body.socket.lastFrameAgeMs).toBe('number');
    expect(body.sendBacklog).toBe(0);
    expect(body.counters.commandsRun).toBeGreaterThanOrEqual(1);
  });

  it('serves Prometheus metrics', async () => {
    const res = await fetch(`${bot.app.healthUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^botpy_up 1$/m);
    expect(text).toMatch(/^botpy_role_active 1$/m);
    expect(text).toMatch(/^botpy_commands_total [1-9]\d*$/m);
  });

  it('counts messages sent, throttle answers and merged messages (a bot posting faster than chat allows)', async () => {
    const busy = await createTestBot({
      logger: log.logger,
      health: { port: 0 },
      messages: { startup: null },
      chat: { queue: { coalesce: true } },
      emulator: { policies: { throttle: { burst: 1, perSecond: 50 } } },
    });
    try {
      await Promise.all(Array.from({ length: 12 }, (_, i) => busy.app.send(1, `status ${i}`)));
      const body = (await (await fetch(`${busy.app.healthUrl}/health`)).json()) as { counters: { messagesSent: number; throttled: number; coalesced: number } };
      expect(body.counters.messagesSent).toBe(12);
      expect(body.counters.throttled).toBeGreaterThanOrEqual(1);
      expect(body.counters.coalesced).toBeGreaterThanOrEqual(1);
      const text = await (await fetch(`${busy.app.healthUrl}/metrics`)).text();
      expect(text).toMatch(/^botpy_messages_sent_total 12$/m);
      expect(text).toMatch(/^botpy_throttled_total [1-9]\d*$/m);
      expect(text).toMatch(/^# TYPE botpy_messages_coalesced_total counter$/m);
    } finally {
      await busy.stop();
    }
  }, 20_000);

  it('answers 503 once the chat socket has gone silent (a zombie bot)', async () => {
    // A stale threshold far below the idle time makes the current socket count as a zombie.
    const quiet = await createTestBot({ logger: log.logger, health: { port: 0, staleAfterSeconds: 0.2 } });
    try {
      quiet.emulator.faults.silence(true);
      await new Promise((r) => setTimeout(r, 600));
      const res = await fetch(`${quiet.app.healthUrl}/health`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { status: string }).status).toBe('down');
    } finally {
      quiet.emulator.faults.silence(false);
      await quiet.stop();
    }
  });

  it('closes the endpoint when the app stops', async () => {
    const other = await createTestBot({ logger: log.logger, health: { port: 0 } });
    const url = other.app.healthUrl!;
    await other.stop();
    expect(other.app.healthUrl).toBeNull();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
