import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { splitMessage, SINGLE_LINE_LIMIT } from '../src/split-message.js';

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzé*_-.,!?0123456789'.split('')), minLength: 1, maxLength: 15 });
const link = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 6 }), word)
  .map(([ws, path]) => `[${ws.join(' ')}](https://example.com/${path})`);
const code = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => '`' + ws.join(' ') + '`');
const token = fc.oneof({ weight: 6, arbitrary: word }, { weight: 1, arbitrary: link }, { weight: 1, arbitrary: code });
const spaces = fc.constantFrom(' ', ' ', ' ', '  ', '\t');
const singleLine = fc.array(fc.tuple(token, spaces), { minLength: 1, maxLength: 260 }).map((ts) => ts.map(([t, s]) => t + s).join('').trim());

describe('splitMessage', () => {
  it('leaves short and multi-line texts alone', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
    const multi = 'x '.repeat(400) + '\n' + 'y '.repeat(400);
    expect(splitMessage(multi)).toEqual([multi]);
  });
  it('keeps a fixed-font block whole', () => {
    const block = '    ' + 'code '.repeat(200);
    expect(splitMessage(block)).toEqual([block]);
  });
  it('splits 1200 characters at word boundaries into parts of at most 500', () => {
    const text = Array.from({ length: 240 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' ');
    expect(text.length).toBe(1199);
    const parts = splitMessage(text);
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(SINGLE_LINE_LIMIT);
    expect(parts.join(' ')).toBe(text);
  });
  it('does not break a markdown link at the split point', () => {
    const link = '[the documentation of the thing](https://example.com/a/b/c)';
    const text = 'a '.repeat(235) + link + ' tail '.repeat(100);
    const parts = splitMessage(text);
    expect(parts.some((p) => p.includes(link))).toBe(true);
    expect(norm(parts.join(' '))).toBe(norm(text));
  });
  it('does not break a code span', () => {
    const span = '`some code with spaces in it`';
    const text = 'b '.repeat(240) + span + ' c'.repeat(200);
    expect(splitMessage(text).some((p) => p.includes(span))).toBe(true);
  });
  it('cuts a word longer than the limit hard, dropping nothing', () => {
    const text = 'x'.repeat(1234);
    const parts = splitMessage(text);
    expect(parts.join('')).toBe(text);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(500);
  });
  it('rejects a bad limit', () => {
    expect(() => splitMessage('abc', 0)).toThrow(RangeError);
  });

  it('property: parts fit the limit and the text is intact', () => {
    fc.assert(
      fc.property(singleLine, fc.integer({ min: 60, max: 500 }), (text, limit) => {
        const parts = splitMessage(text, limit);
        for (const p of parts) {
          expect(p.length).toBeLessThanOrEqual(limit);
          expect(p.length).toBeGreaterThan(0);
        }
        const noWs = (x: string): string => x.replace(/\s+/g, '');
        expect(noWs(parts.join(''))).toBe(noWs(text));
        // no token longer than the limit: every split is at a whitespace run
        if (text.split(/\s+/).every((t) => t.length <= limit) && (text.match(/\[[^\]]*\]\([^)\s]*\)|`[^`]*`/g) ?? []).every((a) => a.length <= limit))
          expect(norm(parts.join(' '))).toBe(norm(text));
      }),
      { numRuns: 200 },
    );
  });

  it('property: links and code spans that fit stay whole', () => {
    fc.assert(
      fc.property(singleLine, fc.integer({ min: 120, max: 500 }), (text, limit) => {
        const parts = splitMessage(text, limit);
        const atoms = text.match(/\[[^\]]*\]\([^)\s]*\)|`[^`]*`/g) ?? [];
        for (const a of atoms) if (a.length <= limit) expect(parts.some((p) => p.includes(a))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('property: multi-line text is never split', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1500 }), fc.string({ maxLength: 1500 }), (a, b) => {
        const t = `${a}\n${b}`;
        expect(splitMessage(t)).toEqual([t]);
      }),
    );
  });
});
