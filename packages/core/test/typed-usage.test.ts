import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { matchUsagePattern, parseDuration, parseUsagePattern, renderUsage, UsagePatternError } from '@botpy/core';
import { messageIdOf } from '../src/commands/args/message-arg.js';

describe('typed usages', () => {
  it('compile to Botpy patterns: one word per <arg>, a trailing optional/list/text as "..."', () => {
    const ban = parseUsagePattern('ban <user:user> <minutes:int(1..1440)> [reason:text]');
    expect(ban.normalized).toBe('ban * * ...');
    expect(ban.slots.map((s) => [s.name, s.type, s.option, s.mode, s.from])).toEqual([
      ['user', 'user', undefined, 'one', 0], ['minutes', 'int', '1..1440', 'one', 1], ['reason', 'text', undefined, 'text0', 2],
    ]);
    expect(parseUsagePattern('mode <m:soft|hard>').slots[0]).toMatchObject({ type: 'choice', option: 'soft|hard' });
    expect(parseUsagePattern('sum <n:int...>')).toMatchObject({ normalized: 'sum * ...', slots: [{ mode: 'list' }] });
    expect(parseUsagePattern('tags [t…]')).toMatchObject({ normalized: 'tags ...', slots: [{ mode: 'list0', type: 'string' }] });
    const opt = parseUsagePattern('wait [for:duration]');
    expect(opt).toMatchObject({ normalized: 'wait ...', maxExtra: 1 });
    expect(matchUsagePattern(opt, ['wait'])).toEqual([]);
    expect(matchUsagePattern(opt, ['wait', '5m'])).toEqual(['5m']);
    expect(matchUsagePattern(opt, ['wait', '5m', 'more'])).toBeNull();
    // a last message argument may be left out (a reply): at most one word
    expect(parseUsagePattern('quote <msg:message>')).toMatchObject({ normalized: 'quote ...', maxExtra: 1 });
    expect(parseUsagePattern('quote <msg:message> <n:int>').normalized).toBe('quote * *');
    // named after a built-in type and given none: that type (<text...> is the rest of the message)
    expect(parseUsagePattern('ignore <user> <duration> [why]').slots.map((s) => s.type)).toEqual(['user', 'duration', 'string']);
    expect(parseUsagePattern('echo <text...>').slots[0]).toMatchObject({ type: 'text', mode: 'text' });
    expect(parseUsagePattern('say <message>').slots[0]).toMatchObject({ type: 'string' }); // message is no implied type
    // mixed with Botpy's words
    expect(parseUsagePattern('note * <n:int> ...')).toMatchObject({ normalized: 'note * * ...', slots: [{ name: 'n', from: 1 }] });
  });

  it('refuses malformed named arguments', () => {
    for (const [u, msg] of [
      ['x [a] <b>', /\[a\] must be the last word/],
      ['x <a> <a:int>', /two arguments are called "a"/],
      ['x <1a>', /needs a name/],
      ['x <a:b c>', /half of a named argument/],
      ['x <t:text...>', /already the rest of the message/],
      ['x <m:a||b>', /empty choice/],
      ['<a> x', /must start with a command word/],
    ] as const) {
      expect(() => parseUsagePattern(u)).toThrow(UsagePatternError);
      expect(() => parseUsagePattern(u)).toThrow(msg);
    }
  });

  it('render with their names', () => {
    expect(renderUsage('ban <user:user> <minutes:int(1..1440)> [reason:text]')).toBe('ban <user> <minutes> [reason…]');
    expect(renderUsage('sum <n:int...>')).toBe('sum <n…>');
    expect(renderUsage('echo <text...>')).toBe('echo <text…>');
    expect(renderUsage('ignore <user> <duration>')).toBe('ignore <user> <duration>');
    expect(renderUsage('tags [t...]')).toBe('tags [t…]');
    expect(renderUsage('say <text:text>')).toBe('say <text…>');
    expect(renderUsage('quote <msg:message>')).toBe('quote <msg>');
    expect(renderUsage('kick <u:user> ...')).toBe('kick <u> [args…]');
    expect(renderUsage('note <n:int> * ...', ['body'])).toBe('note <n> <body…>');
    expect(renderUsage('echo * ...', ['text'])).toBe('echo <text…>'); // Botpy-style unchanged
  });

  it('durations and message references', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5d')).toBe(129_600_000);
    expect(parseDuration('250ms')).toBe(250);
    for (const bad of ['', '5', 'm', '5 m', '5x', '-5m', '5m3']) expect(parseDuration(bad)).toBeUndefined();
    expect(messageIdOf('12345')).toBe(12345);
    expect(messageIdOf('#12345')).toBe(12345);
    expect(messageIdOf('https://chat.stackexchange.com/transcript/message/12345#12345')).toBe(12345);
    expect(messageIdOf('https://chat.stackoverflow.com/transcript/1?m=777#777')).toBe(777);
    expect(messageIdOf('https://chat.stackexchange.com/messages/42/history')).toBe(42);
    expect(messageIdOf('hello')).toBeUndefined();
  });
});
