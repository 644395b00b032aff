import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { UnsafeNameError, decodeName, encodeName, resolveDataPath } from '@botpy/redunda';

const ALPHABET = /^[A-Za-z0-9_.]+$/;
const dataDir = path.resolve('/srv/bot/data');

const segment = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 12 })
  .filter((s) => s !== '.' && s !== '..' && !/[/\\\0]/.test(s));
const relPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((segs) => segs.join('/'));
const tricky = fc.array(fc.constantFrom('a', '.', '..', '_', 'S', '/', '-', ' ', 'é', '\\', '\0', '_S', '%2f', '5f'), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));

function encodable(p: string): string | null {
  try {
    return encodeName(p);
  } catch (err) {
    expect(err).toBeInstanceOf(UnsafeNameError);
    return null;
  }
}

describe('name mapping (relative path ⇄ Redunda name)', () => {
  it('round-trips every valid relative path', () => {
    fc.assert(
      fc.property(relPath, (p) => {
        const name = encodable(p);
        if (name === null) return; // only for names over 255 characters
        expect(decodeName(name)).toBe(p);
      }),
      { numRuns: 500 },
    );
  });

  it('produces only [A-Za-z0-9_.], at most 255 characters, never "." or ".."', () => {
    fc.assert(
      fc.property(fc.oneof(relPath, tricky), (p) => {
        const name = encodable(p);
        if (name === null) return;
        expect(name).toMatch(ALPHABET);
        expect(name.length).toBeLessThanOrEqual(255);
        expect(name).not.toBe('.');
        expect(name).not.toBe('..');
      }),
      { numRuns: 500 },
    );
  });

  it('never decodes a name to a path outside the data directory', () => {
    const anyName = fc.stringMatching(/^[A-Za-z0-9_.S]{1,40}$/).map((s) => s.replace(/S/g, '_S'));
    fc.assert(
      fc.property(fc.oneof(anyName, fc.constantFrom('.', '..', '_S', '.._Setc', '_S.._S', 'a_S.._S.._Sb', 'a_S_S', '_2e_2e', '_2f')), (name) => {
        let rel: string;
        try {
          rel = decodeName(name);
        } catch (err) {
          expect(err).toBeInstanceOf(UnsafeNameError);
          return;
        }
        const full = resolveDataPath(dataDir, rel);
        expect(full.startsWith(dataDir + path.sep)).toBe(true);
        expect(encodeName(rel)).toBe(name);
      }),
      { numRuns: 1000 },
    );
  });

  it('maps known names as documented and refuses escapes', () => {
    expect(encodeName('reports.json')).toBe('reports.json');
    expect(encodeName('privileges/room_1.json')).toBe('privileges_Sroom__1.json');
    expect(encodeName('my-file é')).toBe('my_2dfile_20_c3_a9');
    expect(decodeName('my_2dfile_20_c3_a9')).toBe('my-file é');
    for (const bad of ['..', '.', '../x', 'a/../../b', '/etc/passwd', 'a//b', 'a/', '', 'x\\y', 'n\0']) {
      expect(() => encodeName(bad)).toThrow(UnsafeNameError);
      expect(() => resolveDataPath(dataDir, bad)).toThrow(UnsafeNameError);
    }
    for (const bad of ['..', '.', '.._Sx', '_S', 'a_Sb_S', '_41', '_zz', 'a_', 'x-y', '_c3']) {
      expect(() => decodeName(bad)).toThrow(UnsafeNameError);
    }
    expect(() => encodeName('x'.repeat(256))).toThrow(/longer than 255/);
  });
});
