/**
 * bootstrap() refuses a command/task/handler class whose constructor takes parameters but has no
 * `design:paramtypes` metadata, with a DecoratorMetadataError that names the compiler settings,
 * instead of tsyringe's `TypeInfo not known for "X"` later. End to end: a bot compiled by the real
 * TypeScript compiler with its default (standard) decorators, run by node on the built @botpy/core.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import ts from 'typescript';
import { BackgroundTask, bootstrap, BotApplication, Command, DecoratorMetadataError, OnEvent, REQUIRED_COMPILER_OPTIONS } from '@botpy/core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Decorators applied by hand: the compiler emits no metadata for them, as with standard decorators.
class Greeter {
  greet = () => 'hi';
}
class NeedsGreeter {
  constructor(readonly greeter: Greeter) {}
  run() {}
}
class NeedsApp {
  constructor(readonly app: BotApplication) {}
  run() {}
}
class Listener {
  constructor(readonly app: BotApplication) {}
  onMessage() {}
}
Command({ usage: ['greet'] })(NeedsGreeter);
BackgroundTask({ interval: 60 })(NeedsApp);
OnEvent('message')(Listener.prototype, 'onMessage', Object.getOwnPropertyDescriptor(Listener.prototype, 'onMessage')!);

// The same shapes, decorated by the compiler (experimentalDecorators + emitDecoratorMetadata are on here).
@Command({ usage: ['greet'] })
class DecoratedCommand {
  constructor(readonly app: BotApplication) {}
  run() {}
}

const base = { name: 'TestBot', rooms: [1], email: 'bot@example.com', password: 'botpass', logger: pino({ level: 'silent' }) };

describe('bootstrap() and missing decorator metadata', () => {
  let storageDir: string;
  beforeAll(async () => {
    storageDir = await mkdtemp(path.join(tmpdir(), 'botpy-decorators-'));
  });
  afterAll(async () => {
    await rm(storageDir, { recursive: true, force: true });
  });

  it('names every class without metadata and the settings to turn on', async () => {
    const error = await bootstrap({ ...base, storageDir, commands: [NeedsGreeter], tasks: [NeedsApp], handlers: [Listener] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecoratorMetadataError);
    const e = error as DecoratorMetadataError;
    expect(e.code).toBe('DECORATOR_METADATA');
    expect(e.classes).toEqual([
      { role: 'command', name: 'NeedsGreeter', parameters: 1 },
      { role: 'task', name: 'NeedsApp', parameters: 1 },
      { role: 'handler', name: 'Listener', parameters: 1 },
    ]);
    expect(REQUIRED_COMPILER_OPTIONS).toEqual(['experimentalDecorators', 'emitDecoratorMetadata']);
    expect(e.message).toContain('"experimentalDecorators": true and "emitDecoratorMetadata": true');
    expect(e.message).toMatch(/NeedsGreeter \(command, 1 constructor parameter\).*NeedsApp \(task.*Listener \(handler/);
  });

  it('accepts classes the compiler decorated, and classes whose constructor takes nothing', async () => {
    class NoParams {
      run() {}
    }
    Command({ usage: ['plain'] })(NoParams);
    const app = await bootstrap({ ...base, storageDir, commands: [DecoratedCommand, NoParams] });
    expect(app).toBeInstanceOf(BotApplication);
  });
});

/** A README-style bot: a task that takes the application, as the README's HourlyTask does. */
const BOT_SOURCE = `
import { bootstrap, BackgroundTask, BotApplication, Command, CommandContext } from '@botpy/core';

@Command({ usage: ['echo * ...'] })
class EchoCommand {
  run(ctx: CommandContext) {
    return ctx.reply(ctx.args.join(' '));
  }
}

@BackgroundTask({ interval: 3600 })
class HourlyTask {
  constructor(private readonly app: BotApplication) {}
  run() {
    return this.app.postGlobalMessage('Still here.');
  }
}

const app = await bootstrap({
  name: 'TestBot', rooms: [1], email: 'bot@example.com', password: 'botpass', storageDir: process.env.STORAGE_DIR,
  commands: [EchoCommand], tasks: [HourlyTask],
});
console.log('bootstrapped', app.name);
`;

describe('a bot compiled by tsc with other decorator settings', () => {
  let dir: string;
  beforeAll(async () => {
    const tsc = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/core'], { cwd: repoRoot, encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`tsc -b packages/core failed:\n${tsc.stdout}${tsc.stderr}`);
    dir = await mkdtemp(path.join(tmpdir(), 'botpy-decorators-bot-'));
    // @botpy/core resolves to the built package through the repository's node_modules.
    await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }');
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const runBot = async (file: string, options: ts.CompilerOptions) => {
    const { outputText, diagnostics } = ts.transpileModule(BOT_SOURCE, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, ...options },
      reportDiagnostics: true,
    });
    expect(diagnostics ?? []).toEqual([]);
    await writeFile(path.join(dir, file), outputText);
    const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, STORAGE_DIR: dir } });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  };

  it("TypeScript's default (standard) decorators: bootstrap fails naming the settings, not with tsyringe's error", async () => {
    const { code, out } = await runBot('standard.js', { experimentalDecorators: false });
    expect(code).not.toBe(0);
    expect(out).toContain('DecoratorMetadataError');
    expect(out).toMatch(/HourlyTask \(task, 1 constructor parameter\)/);
    expect(out).toContain('"experimentalDecorators": true and "emitDecoratorMetadata": true');
    expect(out).not.toContain('TypeInfo not known');
  }, 40_000);

  it('experimentalDecorators without emitDecoratorMetadata: the same error', async () => {
    const { code, out } = await runBot('no-metadata.js', { experimentalDecorators: true, emitDecoratorMetadata: false });
    expect(code).not.toBe(0);
    expect(out).toContain('DecoratorMetadataError');
    expect(out).toContain('emitDecoratorMetadata');
  }, 40_000);

  it('both settings on: bootstrap succeeds', async () => {
    const { code, out } = await runBot('with-metadata.js', { experimentalDecorators: true, emitDecoratorMetadata: true });
    expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('bootstrapped TestBot') });
  }, 40_000);
});
