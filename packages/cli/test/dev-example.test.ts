/**
 * The newcomer demo end to end: `botpy dev examples/simple-chatbot` starts the emulator and the
 * example bot; a person (Bob of the demo world, through the real chat client) types
 * `@TestBot alive` in room 1 and gets the bot's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChatClient, type ChatHost, type MessagePostedEvent } from '@botpy/chat';
import { pino } from 'pino';
import { buildCli, CliProcess } from './cli-process.js';

describe('botpy dev examples/simple-chatbot', () => {
  let proc: CliProcess | undefined;
  let client: ChatClient | undefined;

  beforeAll(() => {
    buildCli('examples/simple-chatbot');
  }, 240_000);

  afterAll(async () => {
    await client?.close();
    if (proc) expect(await proc.stop()).toBe(0);
  });

  it('answers `@TestBot alive` typed by a person in the emulator', async () => {
    proc = new CliProcess(['dev', 'examples/simple-chatbot', '--port', '0']);
    const [, host, chat, login] = await proc.waitFor(
      /Chat emulator \(([a-z.]+)\) is running:\n {2}Chat page: {3}\S+\n {2}Chat server: (\S+)\n {2}Login site: {2}(\S+)\n/,
    );
    const [, pageOrigin] = await proc.waitFor(/Open (http:\/\/127\.0\.0\.1:\d+)\/emulator and type `@TestBot alive`/, 60_000);
    expect(pageOrigin).toBe(chat);

    client = await ChatClient.login({
      host: host as ChatHost,
      email: 'bob@example.com',
      password: 'bobpass',
      origins: { chat, login },
      logger: pino({ level: 'silent' }),
    });
    const room = await client.joinRoom(1);
    const answers: MessagePostedEvent[] = [];
    room.on('message', (m) => {
      if (m.userId === 100) answers.push(m);
    });
    const askedId = await room.send('@TestBot alive');
    const deadline = Date.now() + 20_000;
    let answer: MessagePostedEvent | undefined;
    while (!answer && Date.now() < deadline) {
      answer = answers.find((m) => m.parentId === askedId || /alive/i.test(m.text));
      if (!answer) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).toBeDefined();
    expect(answer!.text).toMatch(/alive/i);
  }, 90_000);
});
