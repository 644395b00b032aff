/** What each instance publishes about itself in Redis (so every instance ranks everyone the same way). */
export interface InstanceInfo {
  id: string;
  location: string;
  priority: number;
  /** Its location is the preferred one (by its own configuration). */
  preferred: boolean;
}

/** Best first: the preferred location, then the smaller priority (as in Redunda), then the id. */
export function rankInstances(list: readonly InstanceInfo[]): InstanceInfo[] {
  return [...list].sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
