/** Edit distance between two strings: insertions, deletions, substitutions and swaps of neighbours (`ehco` → `echo` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to `word` (case-insensitive) when it is near enough to be a slip: at most
 * one edit for words up to 4 letters, two beyond; also a candidate that starts with the word or
 * that the word starts with (3 letters or more). Undefined when nothing is that near.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  return closestMatches(word, candidates)[0];
}

/**
 * Every candidate at the nearest distance (same rules as `closestMatch`), in the candidates' order:
 * `rol` is as near to `role` as to `roll`, and a hint naming only one of them would guess.
 */
export function closestMatches(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase();
  if (!w) return [];
  const limit = w.length <= 4 ? 1 : 2;
  let best: string[] = [];
  let bestD = Infinity;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (lc === w) return [c];
    let d = editDistance(w, lc);
    if (w.length >= 3 && (lc.startsWith(w) || w.startsWith(lc))) d = Math.min(d, 1);
    if (d > limit || d > bestD) continue;
    if (d < bestD) [best, bestD] = [[], d];
    if (!best.some((b) => b.toLowerCase() === lc)) best.push(c);
  }
  return best;
}
