import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCliLogger } from '../src/cli-logger.js';
import { buildCli, repoRoot } from './cli-process.js';

function capture(isTTY?: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (isTTY !== undefined) stream.isTTY = isTTY;
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('createCliLogger', () => {
  it('writes one JSON object per line when the stream is not a terminal', () => {
    const out = capture();
    createCliLogger('botpy-test', { stream: out.stream }).info({ room: 1 }, 'joined');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: 'botpy-test', level: 30, room: 1, msg: 'joined' });
  });

  it('writes readable lines when the stream is a terminal', () => {
    const out = capture(true);
    createCliLogger('botpy-test', { stream: out.stream }).warn({ room: 1 }, 'slow send');
    const text = out.text();
    expect(text).toContain('slow send');
    expect(text).toContain('WARN');
    expect(text).toContain('botpy-test');
    expect(text.trimStart().startsWith('{')).toBe(false);
  });

  it('honours the level', () => {
    const out = capture();
    const logger = createCliLogger('botpy-test', { stream: out.stream, level: 'warn' });
    logger.info('hidden');
    logger.error('shown');
    expect(out.text()).not.toContain('hidden');
    expect(out.text()).toContain('shown');
  });
});

describe('compact log records in a terminal', () => {
  it('the CLI logger writes one line per record, nested fields included', () => {
    const out = capture(true);
    createCliLogger('botpy-test', { stream: out.stream }).info({ app: '/x/y', nested: { a: 1, b: [1, 2, { c: 'd' }] } }, 'starting');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('starting');
    expect(lines[0]).toContain('"c":"d"');
  });

  it("the app's logger (core's createLogger) writes one line per record in pretty mode", () => {
    buildCli('packages/core');
    const core = pathToFileURL(path.join(repoRoot, 'packages/core/dist/index.js')).href;
    const script = `import { createLogger } from ${JSON.stringify(core)};
createLogger({ name: 'TestBot' }).info({ userId: 100, rooms: [1, 2], nested: { deep: { x: 1 } } }, 'connected');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, BOTPY_LOG_FORMAT: 'pretty', BOTPY_LOG_LEVEL: 'info' } });
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO.*connected/);
    expect(lines[0]).toContain('"deep":{"x":1}');
  }, 120_000);
});
