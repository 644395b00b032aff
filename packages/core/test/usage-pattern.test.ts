import { describe, expect, it } from '@jest/globals';
import { CommandRouter } from '../src/commands/command-router.js';
import { matchUsagePattern, parseUsagePattern } from '../src/commands/usage-pattern.js';
import { DuplicateUsageError, UsagePatternError } from '../src/errors.js';

const words = (s: string) => s.split(' ').filter(Boolean);

describe('parseUsagePattern', () => {
  it('parses literals, arguments and a trailing variadic', () => {
    const p = parseUsagePattern('  Unprivilege   user * ');
    expect(p.normalized).toBe('unprivilege user *');
    expect(p.literalCount).toBe(2);
    expect(p.variadic).toBe(false);
    expect(parseUsagePattern('test * ...').variadic).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['test **', 'glues'],
    ['test *x', 'glues'],
    ['test ... *', 'must be the last'],
    ['test x...', 'glues'],
    ['* test', 'command word'],
    ['...', 'command word'],
  ])('refuses %j', (src, msg) => {
    expect(() => parseUsagePattern(src)).toThrow(UsagePatternError);
    expect(() => parseUsagePattern(src)).toThrow(msg);
  });
});

describe('matchUsagePattern', () => {
  it('matches exactly n arguments without "..."', () => {
    const p = parseUsagePattern('test * *');
    expect(matchUsagePattern(p, words('test a b'))).toEqual(['a', 'b']);
    expect(matchUsagePattern(p, words('test a'))).toBeNull();
    expect(matchUsagePattern(p, words('test a b c'))).toBeNull();
  });

  it('"..." takes zero or more, "* ..." at least one', () => {
    expect(matchUsagePattern(parseUsagePattern('test ...'), ['test'])).toEqual([]);
    expect(matchUsagePattern(parseUsagePattern('test ...'), words('test a B c'))).toEqual(['a', 'B', 'c']);
    expect(matchUsagePattern(parseUsagePattern('test * ...'), ['test'])).toBeNull();
    expect(matchUsagePattern(parseUsagePattern('test * ...'), words('test a b'))).toEqual(['a', 'b']);
  });

  it('compares command words case-insensitively and keeps the case of arguments', () => {
    expect(matchUsagePattern(parseUsagePattern('Running commands'), words('RUNNING Commands'))).toEqual([]);
    expect(matchUsagePattern(parseUsagePattern('say *'), words('SAY HeLLo'))).toEqual(['HeLLo']);
  });
});

describe('CommandRouter', () => {
  const cmd = (name: string, ...usages: string[]) => ({ name, usages });

  it('routes multi-word literals and prefers the usage with most literal words', () => {
    const unpriv = cmd('Unpriv', 'unprivilege *', 'unprivilege user *', 'remove privileges *');
    const r = new CommandRouter([unpriv]);
    expect(r.route(words('unprivilege user 5'))).toMatchObject({ command: unpriv, usageIndex: 1, args: ['5'] });
    expect(r.route(words('unprivilege 5'))).toMatchObject({ usageIndex: 0, args: ['5'] });
    expect(r.route(words('remove privileges 7'))).toMatchObject({ usageIndex: 2, args: ['7'] });
    expect(r.route(words('remove 7'))).toBeUndefined();
  });

  it('prefers fewer variadics, then registration order', () => {
    const a = cmd('A', 'go ...');
    const b = cmd('B', 'go *');
    const r = new CommandRouter([a, b]);
    expect(r.route(words('go x'))?.command).toBe(b);
    expect(r.route(words('go x y'))?.command).toBe(a);
    const c = cmd('C', 'go * ...');
    const d = cmd('D', 'go ... ');
    const r2 = new CommandRouter([c, cmd('E', 'go x ...')]);
    expect(r2.route(words('go x'))?.command.name).toBe('E');
    const r3 = new CommandRouter([c, d]);
    expect(r3.route(words('go y'))?.command).toBe(c); // same literals, same variadics: first registered
    expect(r3.route(['go'])?.command).toBe(d);
  });

  it('returns undefined for no words or an unknown first word', () => {
    const r = new CommandRouter([cmd('A', 'alive')]);
    expect(r.route([])).toBeUndefined();
    expect(r.route(['dead'])).toBeUndefined();
  });

  it('refuses identical usages, naming both classes', () => {
    expect(() => new CommandRouter([cmd('First', 'test *'), cmd('Second', 'TEST  *')])).toThrow(DuplicateUsageError);
    expect(() => new CommandRouter([cmd('First', 'test *'), cmd('Second', 'TEST  *')])).toThrow(/First and Second/);
    expect(() => new CommandRouter([cmd('Twice', 'a', 'A')])).toThrow(/Twice lists the usage "a" twice/);
  });

  it('names the class of a malformed usage', () => {
    expect(() => new CommandRouter([cmd('Broken', 'test **')])).toThrow(/^Broken: usage "test \*\*"/);
  });
});
