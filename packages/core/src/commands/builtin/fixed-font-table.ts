/**
 * Formats rows as a chat fixed-font block: every line indented by four spaces, columns padded.
 * The first row is the header.
 */
export function fixedFontTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) => '    ' + row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const [header, ...body] = rows;
  return [line(header), '    ' + widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Milliseconds as a short duration ("3 h 2 min", "12 s"). */
export function shortDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
