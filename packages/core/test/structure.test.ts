import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The shape of core's sources: no import cycle (type imports and re-exports included), no file over 300 lines.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const MAX_LINES = 300;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Relative imports of a file: `import … from`, `import type … from`, `export … from`, `import '…'`, `import('…')`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every cycle's files, found by depth-first search (each cycle reported once, from its smallest file name). */
export function findCycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
  const cycles = new Map<string, string[]>();
  const visit = (start: string, at: string, path: string[], seen: Set<string>) => {
    for (const next of graph.get(at) ?? []) {
      if (next === start) {
        const cycle = [...path];
        const min = cycle.reduce((a, b) => (a < b ? a : b));
        const i = cycle.indexOf(min);
        const norm = [...cycle.slice(i), ...cycle.slice(0, i)];
        cycles.set(norm.join(' → '), norm);
      } else if (!seen.has(next) && next > start) {
        seen.add(next);
        visit(start, next, [...path, next], seen);
        seen.delete(next);
      }
    }
  };
  for (const f of files) visit(f, f, [f], new Set([f]));
  return [...cycles.values()];
}

describe('packages/core/src structure', () => {
  const files = sources(SRC);

  it('has no import cycle (type imports included)', () => {
    const cycles = findCycles(files).map((c) => c.map((f) => relative(SRC, f)).join(' → '));
    expect(cycles).toEqual([]);
  });

  it('the cycle finder finds a cycle through type imports', () => {
    // a self-check on the real files: bot-application imports the pipeline, so a (type) import back would be a cycle
    const app = join(SRC, 'bot-application.ts');
    const graphHasEdge = importsOf(app).some((t) => t.endsWith('message-pipeline.ts'));
    expect(graphHasEdge).toBe(true);
    expect(importsOf(join(SRC, 'commands/command-context.ts')).some((t) => t.endsWith('bot-application.ts'))).toBe(false);
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = files.map((f) => [relative(SRC, f), readFileSync(f, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_LINES);
    expect(long).toEqual([]);
  });
});
