import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { htmlToText, isTruncatedHtml } from '../src/html-to-text.js';

/** Escape like the chat server's renderer does. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

describe('htmlToText', () => {
  it('decodes entities and removes inline tags', () => {
    expect(htmlToText('a &amp; b <b>x</b> &lt;y&gt; &#39;q&#39; &quot;z&quot; &rarr; <code>c</code>')).toBe('a & b x <y> \'q\' "z" → c');
  });
  it('unwraps div.full and turns <br> into newlines', () => {
    expect(htmlToText("<div class='full'>line1 <br> line2 &amp; more <br> </div>")).toBe('line1\nline2 & more\n');
  });
  it('keeps newlines and spaces of fixed-font blocks', () => {
    expect(htmlToText("<pre class='full'>    code &lt;x&gt;\n    more</pre>")).toBe('    code <x>\n    more');
  });
  it('detects truncated content', () => {
    expect(isTruncatedHtml("<div class='partial'>abc <br> def</div>")).toBe(true);
    expect(isTruncatedHtml("<div class='full'>abc</div>")).toBe(false);
    expect(htmlToText("<div class='partial'>abc <br> def</div>")).toBe('abc\ndef');
  });
  it('gives the URL of a onebox', () => {
    expect(htmlToText('<div class="onebox ob-image"><a rel="nofollow" href="https://i.imgur.com/x.png"><img src="https://i.imgur.com/x.png"></a></div>')).toBe(
      'https://i.imgur.com/x.png',
    );
  });
  it('accepts a mention span and links', () => {
    expect(htmlToText('<span class="mention">@Bob</span> see <a href="https://x.y/?a=1&amp;b=2" rel="nofollow noopener noreferrer">the &quot;docs&quot;</a>')).toBe(
      '@Bob see the "docs"',
    );
  });
  it('survives malformed input', () => {
    expect(htmlToText('a < b &amp')).toContain('a');
    expect(htmlToText('&amp;lt;')).toBe('&lt;');
    expect(htmlToText('')).toBe('');
    expect(htmlToText(undefined as unknown as string)).toBe('');
  });

  it('property: escaped single-line text with inline markup decodes to the original', () => {
    const segment = fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('', 'b', 'i', 'code', 'strike'));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segs) => {
        const plain = segs.map(([s]) => s.replace(/\n/g, ' ')).join('');
        const html = segs
          .map(([s, tag]) => {
            const e = escapeHtml(s.replace(/\n/g, ' '));
            return tag ? `<${tag}>${e}</${tag}>` : e;
          })
          .join('');
        expect(htmlToText(html)).toBe(plain);
      }),
    );
  });

  it('property: multi-line messages (div.full, " <br> ") decode to the original lines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')), { minLength: 2, maxLength: 6 }), (lines) => {
        const html = `<div class='full'>${lines.map(escapeHtml).join(' <br> ')}</div>`;
        expect(htmlToText(html)).toBe(lines.join('\n'));
      }),
    );
  });

  it('property: fixed-font blocks keep every character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        expect(htmlToText(`<pre class='full'>${escapeHtml(s)}</pre>`)).toBe(s);
      }),
    );
  });

  it('property: the fast path (no tag, no entity) gives what the parser gives', () => {
    const unit = fc.constantFrom('a', 'Z', ' ', '  ', '\n', '\t', '\u00a0', '#', ';', '>', '"', "'", 'é', '😀', '@tes', 'amp', 'lt');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (s) => {
        expect(htmlToText(s)).toBe(s);
        // the same text with a tag around it goes through the parser and must agree
        expect(htmlToText(`<b>${s.replace(/>/g, '&gt;')}</b>`)).toBe(s);
      }),
    );
  });

  it('property: never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), (s) => {
        expect(typeof htmlToText(s)).toBe('string');
      }),
    );
  });
});
