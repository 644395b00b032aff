import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

const WATCHED = /\.(m?js|cjs|json)$/;

function digest(file: string): string | null {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return null; // gone (or being replaced)
  }
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && WATCHED.test(e.name))
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/**
 * Watches a build output folder and reports real changes only: a file whose content is what it was
 * (a watch compiler's first pass rewriting the same output) is not a change. Changes close together
 * are reported once, after `debounceMs` of quiet.
 */
export class DistWatcher {
  private readonly hashes = new Map<string, string | null>();
  private readonly watcher: FSWatcher;
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly onChange: (files: string[]) => void,
    private readonly debounceMs = 300,
  ) {
    for (const f of listFiles(dir)) this.hashes.set(f, digest(f));
    this.watcher = watch(dir, { recursive: true }, (_event, file) => {
      if (!file || !WATCHED.test(String(file))) return;
      this.pending.add(path.join(dir, String(file)));
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.flush(), this.debounceMs);
    });
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher.close();
  }

  private flush(): void {
    this.timer = null;
    const changed: string[] = [];
    for (const f of this.pending) {
      const now = digest(f);
      const before = this.hashes.has(f) ? this.hashes.get(f) : undefined;
      if (now !== before) changed.push(path.relative(this.dir, f));
      this.hashes.set(f, now);
    }
    this.pending.clear();
    if (changed.length > 0) this.onChange(changed);
  }
}
