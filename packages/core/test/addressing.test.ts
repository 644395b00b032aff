import { describe, expect, it } from '@jest/globals';
import { address, isPingOf } from '../src/commands/addressing.js';

describe('addressing', () => {
  const names = ['TestBot'];

  it('accepts @ + a prefix of at least three characters, case-insensitively', () => {
    for (const w of ['@tes', '@TEST', '@testb', '@testbot', '@TestBot,', '@testbot:']) expect(isPingOf(w, names)).toBe(true);
    for (const w of ['@te', '@t', '@', '@testbotx', 'testbot', '@xtest']) expect(isPingOf(w, names)).toBe(false);
  });

  it('removes spaces from names and aliases', () => {
    expect(isPingOf('@helperbo', ['Test Bot', 'Helper Bot'])).toBe(true);
    expect(isPingOf('@testbot', ['Test Bot'])).toBe(true);
    expect(isPingOf('@test', ['Test Bot'])).toBe(true);
  });

  it('splits the command words after the ping', () => {
    expect(address('@tes test  a B', names, false)).toEqual({ addressed: true, words: ['test', 'a', 'B'] });
    expect(address('hello @tes test', names, false)).toEqual({ addressed: false, words: [] });
  });

  it('treats a reply to the bot as addressed and drops the rendered @Name', () => {
    expect(address('@TestBot alive', names, true)).toEqual({ addressed: true, words: ['alive'] });
    expect(address('@SomeoneElse alive', names, true)).toEqual({ addressed: true, words: ['alive'] });
    expect(address('alive', names, true)).toEqual({ addressed: true, words: ['alive'] });
  });
});
