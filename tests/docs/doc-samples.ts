import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * A TypeScript sample of the documentation (a ```ts or ```typescript block). What the docs test does
 * with it is said by an HTML comment on the line before the fence:
 * - nothing: the sample is compiled and run against the emulator;
 * - `<!-- sample: compile-only -->`: compiled, not run (it needs a real service or is a test file);
 * - `<!-- sample: fragment -->`: a piece of a program (e.g. `...options`), neither compiled nor run;
 * - `file=path/in/project.ts`: where the sample goes in the samples project, so that another sample
 *   can import it (default: `samples/<doc>-<line>.ts`);
 * - `expect="text"`: when run, the sample's output must contain the text;
 * - `note="text"`: a remark for the reader of the Markdown (why a sample is a fragment).
 */
export interface DocSample {
  /** The Markdown file, relative to the repository root. */
  doc: string;
  /** 1-based line of the first line of code (after the fence). */
  line: number;
  code: string;
  mode: 'run' | 'compile-only' | 'fragment';
  file: string;
  expect?: string;
}

const FENCE = /^```(ts|typescript)\s*$/;
const MARKER = /^<!--\s*sample:(.*?)-->\s*$/;

/** The samples of one Markdown text; an unknown marker word throws (a typo must not silence a sample). */
export function extractSamples(doc: string, markdown: string): DocSample[] {
  const lines = markdown.split('\n');
  const out: DocSample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
    const marker = i > 0 ? MARKER.exec(lines[i - 1]!.trim()) : null;
    const sample: DocSample = {
      doc,
      line: start + 1,
      code: lines.slice(start, end).join('\n'),
      mode: 'run',
      file: `samples/${doc.replace(/\.md$/, '').replace(/[^a-z0-9]+/gi, '-')}-${start + 1}.ts`,
    };
    for (const word of (marker?.[1] ?? '').match(/[a-z-]+(="[^"]*"|=\S+)?/g) ?? []) {
      const [key, raw] = word.split(/=(.*)/s) as [string, string | undefined];
      const value = raw?.replace(/^"|"$/g, '');
      if (key === 'fragment' || key === 'compile-only') sample.mode = key;
      else if (key === 'file' && value) sample.file = value;
      else if (key === 'expect' && value) sample.expect = value;
      else if (key === 'note' && value) continue; // for the reader
      else throw new Error(`${doc}:${i}: unknown sample marker "${word}" (fragment, compile-only, file=…, expect="…", note="…")`);
    }
    out.push(sample);
    i = end;
  }
  return out;
}

/** README.md and every Markdown file under docs/. */
export function documentationFiles(root: string): string[] {
  const docs = readdirSync(path.join(root, 'docs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
  return ['README.md', ...docs.sort()];
}

export function allSamples(root: string): DocSample[] {
  return documentationFiles(root).flatMap((doc) => extractSamples(doc, readFileSync(path.join(root, doc), 'utf8')));
}
