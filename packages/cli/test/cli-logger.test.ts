import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { createCliLogger } from '../src/cli-logger.js';

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
