import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestBot, type TestBot } from '@botpy/testing';
import { botOptions } from '../src/bot.js';
import { Heartbeat } from '../src/services/heartbeat.js';
import { HeartbeatTask } from '../src/tasks/heartbeat.task.js';

describe('HeartbeatTask', () => {
  it('records a beat on every run', () => {
    const heartbeat = new Heartbeat();
    const task = new HeartbeatTask(heartbeat);
    task.run();
    task.run();
    expect(heartbeat.count).toBe(2);
    expect(heartbeat.last).toBeInstanceOf(Date);
  });
});

describe('{{botName}} uptime', () => {
  let bot: TestBot;
  let heartbeat: Heartbeat;

  beforeAll(async () => {
    const options = botOptions();
    heartbeat = options.container.resolve(Heartbeat);
    bot = await createTestBot(options);
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('reports the beats of the running task', async () => {
    // The task's first run happens when the bot starts.
    for (let i = 0; i < 50 && heartbeat.count === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(heartbeat.count).toBeGreaterThanOrEqual(1);
    const alice = bot.user({ name: 'Alice' });
    const [reply] = await bot.room(1).say(alice, '@{{botName}} uptime');
    expect(reply?.text).toMatch(new RegExp(`^Up for \\d+ s, ${heartbeat.count} heartbeats?\\.$`));
  });
});
