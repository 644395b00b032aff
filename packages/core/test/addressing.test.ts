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

  it('decides on the HTML: code spans, fixed font and link text never address the bot', () => {
    const ctx = (html: string) => ({ isReplyToBot: false, html });
    expect(address('@TestBot alive', names, ctx('<code>@TestBot alive</code>')).addressed).toBe(false);
    expect(address('@TestBot alive', names, ctx("<pre class='full'>@TestBot alive</pre>")).addressed).toBe(false);
    expect(address('@TestBot alive', names, ctx('<a href="https://x.example" rel="nofollow">@TestBot alive</a>')).addressed).toBe(false);
    expect(address('@TestBot alive', names, ctx('<b>@TestBot</b> alive'))).toEqual({ addressed: true, words: ['alive'] });
    expect(address('@TestBot echo a&b', names, ctx('@TestBot echo <code>a&amp;b</code>'))).toEqual({ addressed: true, words: ['echo', 'a&b'] });
  });

  it('a reply that also pings the bot is one command, also when a cut-off text lacks the rendered @Name', () => {
    const reply = { isReplyToBot: false, isReply: true };
    expect(address('@Alice @TestBot echo x', names, { ...reply, html: '@Alice @TestBot echo x' })).toEqual({ addressed: true, words: ['echo', 'x'] });
    expect(address('@Alice hello', names, { ...reply, html: '@Alice hello' }).addressed).toBe(false);
    expect(address('@TestBot @TestBot echo x', names, { isReplyToBot: true, isReply: true, html: '@TestBot @TestBot echo x' })).toEqual({ addressed: true, words: ['echo', 'x'] });
    // a cut-off message completed from its source: the text starts after the `:id` prefix
    const cut = "<div class='partial'>@Alice @TestBot echo x <br> line</div>";
    expect(address('@TestBot echo x\nline', names, { ...reply, html: cut })).toEqual({ addressed: true, words: ['echo', 'x', 'line'] });
  });
});
