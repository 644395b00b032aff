import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AliveCommand, bootstrap, ConfigError, createLogger, defaultCommands, type BootstrapOptions } from '@botpy/core';
import { PairCommand } from './fixtures/commands.js';
import { SlowTask } from './fixtures/tasks.js';

/** Every configuration error says what to do: the accepted values, the missing variable, the host that failed. */
describe('bootstrap() errors name the fix', () => {
  const base = { name: 'TestBot', rooms: [1], email: 'bot@example.com', password: 'botpass', logger: createLogger({ level: 'silent' }), env: {} } satisfies BootstrapOptions;
  const refusal = async (o: unknown): Promise<string> => {
    const err = await bootstrap(o as BootstrapOptions).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  };

  it('an unknown option is refused with the option meant', async () => {
    expect(await refusal({ ...base, rooms: undefined, room: [1] })).toMatch(/^unknown bootstrap\(\) option "room": did you mean "rooms"\? \(the options are name, rooms, host/);
    expect(await refusal({ ...base, frobnicate: true })).toMatch(/^unknown bootstrap\(\) option "frobnicate" \(the options are /);
  });

  it('a class listed twice is refused, naming it', async () => {
    expect(await refusal({ ...base, commands: [PairCommand, PairCommand] })).toBe('PairCommand is listed twice in commands: list each class once');
    expect(await refusal({ ...base, commands: [AliveCommand] })).toBe(
      'AliveCommand is listed twice: it is a built-in command already included by defaultCommands (default: all built-ins); remove it from commands',
    );
    expect(await refusal({ ...base, defaultCommands: [...defaultCommands, AliveCommand] })).toBe('AliveCommand is listed twice in defaultCommands: list each class once');
    expect(await refusal({ ...base, tasks: [SlowTask, SlowTask] })).toBe('SlowTask is listed twice in tasks: list each class once');
    // once each is fine
    const app = await bootstrap({ ...base, defaultCommands: [AliveCommand], commands: [PairCommand], storageDir: join(tmpdir(), 'botpy-never-started') });
    expect(app.commands.registered().map((c) => c.name)).toEqual(['AliveCommand', 'PairCommand']);
  });

  it('an unknown host lists the accepted hosts (and says when it came from BOTPY_HOST)', async () => {
    expect(await refusal({ ...base, host: 'chat.stackexchange.com' })).toBe(
      'unknown host "chat.stackexchange.com": use one of stackexchange.com, stackoverflow.com, meta.stackexchange.com (the site\'s name, without "chat.": "stackexchange.com")',
    );
    expect(await refusal({ ...base, env: { BOTPY_HOST: 'example.org' } })).toBe(
      'unknown host "example.org" (from BOTPY_HOST): use one of stackexchange.com, stackoverflow.com, meta.stackexchange.com',
    );
  });

  it('missing credentials name the missing variable', async () => {
    const { email: _e, password: _p, ...noCredentials } = base;
    expect(await refusal({ ...noCredentials, env: { ChatbotPass: 'x' } })).toBe(
      "ChatbotEmail is not set (ChatbotPass is): set ChatbotEmail to the bot account's email (or pass email to bootstrap())",
    );
    expect(await refusal({ ...noCredentials, env: { ChatbotEmail: 'bot@example.com' } })).toBe(
      "ChatbotPass is not set (ChatbotEmail is): set ChatbotPass to the bot account's password (or pass password to bootstrap())",
    );
    expect(await refusal({ ...noCredentials })).toMatch(/^no chat credentials: set ChatbotEmail and ChatbotPass/);
  });

  it('a host that does not resolve is named in the error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'botpy-enotfound-'));
    try {
      const app = await bootstrap({ ...base, storageDir: dir, host: 'stackoverflow.com', origins: { chat: 'http://chat.no-such-host.invalid', login: 'http://login.no-such-host.invalid' } });
      const err = (await app.start().catch((e: unknown) => e)) as Error;
      expect(err.message).toMatch(/network error (ENOTFOUND|EAI_AGAIN): chat\.no-such-host\.invalid does not resolve \(check the host name, BOTPY_CHAT_ORIGIN/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
