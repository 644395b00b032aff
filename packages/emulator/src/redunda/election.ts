/** One instance as the election sees it: `lastPing` is epoch ms, or null when it never pinged. */
export interface ElectionCandidate {
  id: number;
  priority: number;
  lastPing: number | null;
}

/**
 * Redunda's choice of the active instance (`Bot#preferred_instance`): among instances whose last ping
 * is strictly later than `now - window`, the smallest priority wins; when none is alive, the smallest
 * priority overall. Ties on priority go to the smaller id (database order). Returns null for no instances.
 */
export function electPreferred(instances: readonly ElectionCandidate[], now: number, windowMs: number): number | null {
  if (instances.length === 0) return null;
  const byPriority = [...instances].sort((a, b) => a.priority - b.priority || a.id - b.id);
  const alive = byPriority.find((i) => i.lastPing !== null && i.lastPing > now - windowMs);
  return (alive ?? byPriority[0]!).id;
}
