import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { CreateAppError } from '../src/create-app-error.js';
import { resolveProjectTarget, toBotName, validateProjectName } from '../src/project-name.js';

describe('validateProjectName', () => {
  it.each(['my-bot', 'bot2', 'smoke.detector', 'a_b', '@me/my-bot'])('accepts %s', (name) => {
    expect(validateProjectName(name)).toEqual({ valid: true });
  });

  it.each([
    ['My-Bot', /capital/i],
    ['my bot', /url-friendly/i],
    ['', /length/i],
    ['.hidden', /period/i],
    ['_private', /underscore/i],
    ['node_modules', /blocklisted|not a valid/i],
  ])('rejects %j with a reason', (name, reason) => {
    const check = validateProjectName(name);
    expect(check.valid).toBe(false);
    if (!check.valid) expect(check.problems.join('\n')).toMatch(reason);
  });
});

describe('resolveProjectTarget', () => {
  const cwd = path.resolve('/tmp/work');

  it('uses the last path segment as the package name', () => {
    expect(resolveProjectTarget('bots/my-bot', cwd)).toEqual({
      packageName: 'my-bot',
      botName: 'MyBot',
      directory: path.join(cwd, 'bots', 'my-bot'),
    });
  });

  it('creates a scoped package in a directory named after its unscoped part', () => {
    expect(resolveProjectTarget('@me/my-bot', cwd)).toEqual({
      packageName: '@me/my-bot',
      botName: 'MyBot',
      directory: path.join(cwd, 'my-bot'),
    });
  });

  it('throws INVALID_NAME listing the problems', () => {
    let caught: unknown;
    try {
      resolveProjectTarget('My Bot', cwd);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CreateAppError);
    expect((caught as CreateAppError).code).toBe('INVALID_NAME');
    expect((caught as CreateAppError).message).toMatch(/"My Bot" is not a valid npm package name/);
    expect((caught as CreateAppError).message).toMatch(/capital/i);
  });

  it('throws MISSING_NAME for a blank argument', () => {
    expect(() => resolveProjectTarget('   ', cwd)).toThrow(expect.objectContaining({ code: 'MISSING_NAME' }));
  });
});

describe('toBotName', () => {
  it.each([
    ['my-bot', 'MyBot'],
    ['@me/quote_bot', 'QuoteBot'],
    ['smoke.detector', 'SmokeDetector'],
    ['bot2', 'Bot2'],
    ['ab', 'AbBot'],
    ['x', 'XBot'],
  ])('%s → %s', (pkg, name) => {
    expect(toBotName(pkg)).toBe(name);
  });
});
