import type { ErrorEntry } from './error-log.js';

/** Longest message posted (multi-line messages have no fixed limit in chat, but huge ones fail). */
export const MAX_BLOCK_CHARS = 4000;
/** At most this many messages for one `errorlogs`. */
export const MAX_BLOCKS = 3;
const MAX_FRAMES = 8;
const MAX_LINE = 300;

const indent = (line: string) => `    ${line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line}`;

/** One entry as fixed-font lines (each indented by four spaces): when, where, what, the first stack frames. */
export function errorEntryLines(e: ErrorEntry, index: number): string[] {
  const when = new Date(e.at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const message = `${e.type}: ${e.message}`.split('\n');
  const frames = (e.stack ?? '').split('\n').filter((l) => l.trim() !== '');
  const shown = frames.slice(0, MAX_FRAMES).map((l) => `  ${l.trim()}`);
  if (frames.length > MAX_FRAMES) shown.push(`  … ${frames.length - MAX_FRAMES} more frames`);
  return [`#${index}  ${when}  ${e.source} ${e.name}`, ...message.slice(0, 10), ...shown].map(indent);
}

/**
 * The entries (newest first) as chat fixed-font messages: every line indented by four spaces, each
 * message at most MAX_BLOCK_CHARS, at most MAX_BLOCKS messages; entries that do not fit are
 * counted in a last line instead. `header` opens the first message.
 */
export function formatErrorLogs(entries: readonly ErrorEntry[], header: string): string[] {
  const blocks: string[][] = [[indent(header)]];
  let size = blocks[0]![0]!.length;
  let shown = 0;
  for (const [i, e] of entries.entries()) {
    let lines = errorEntryLines(e, i + 1);
    let text = lines.join('\n');
    if (text.length + 1 > MAX_BLOCK_CHARS - 200) {
      // one huge entry: its first lines only
      while (lines.length > 2 && lines.join('\n').length > MAX_BLOCK_CHARS - 200) lines = lines.slice(0, -1);
      text = lines.join('\n');
    }
    if (size + 1 + text.length > MAX_BLOCK_CHARS - 100) {
      if (blocks.length === MAX_BLOCKS) break;
      blocks.push([]);
      size = 0;
    }
    blocks.at(-1)!.push(text);
    size += text.length + 1;
    shown++;
  }
  if (shown < entries.length) blocks.at(-1)!.push(indent(`… ${entries.length - shown} older error${entries.length - shown === 1 ? '' : 's'} not shown (ask for fewer: errorlogs <n>)`));
  return blocks.map((b) => b.join('\n'));
}
