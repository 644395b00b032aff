import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

export interface ManifestEntry {
  /** SHA-256 of the content last uploaded to or downloaded from Redunda. */
  sha256: string;
  /** Epoch ms of that sync (service clock). */
  syncedAt: number;
}

/** The last synced SHA-256 per declared file, kept in a small JSON file written atomically. */
export class SyncManifest {
  private entries = new Map<string, ManifestEntry>();

  constructor(readonly file: string) {}

  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as { version?: number; files?: Record<string, ManifestEntry> };
      this.entries = new Map(Object.entries(parsed.files ?? {}).filter(([, e]) => typeof e?.sha256 === 'string'));
    } catch {
      this.entries = new Map(); // a corrupt manifest only costs one extra upload/conflict check
    }
  }

  get(rel: string): ManifestEntry | undefined {
    return this.entries.get(rel);
  }

  async set(rel: string, sha256: string, at: number): Promise<void> {
    this.entries.set(rel, { sha256, syncedAt: at });
    const files = Object.fromEntries([...this.entries].sort(([a], [b]) => a.localeCompare(b)));
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, files }, null, 2) + '\n');
  }
}
