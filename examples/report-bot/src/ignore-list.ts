import { inject, injectable, Storage } from '@botpy/core';

interface IgnoreDocument {
  /** chat user id → epoch ms until which their feedback is ignored */
  until: Record<string, number>;
}

const NAMESPACE = 'report-bot';
const KEY = 'ignored';

/** Chat users whose feedback is ignored for a while (kept in the app's storage). */
@injectable()
export class IgnoreList {
  constructor(@inject(Storage) private readonly storage: Storage) {}

  async ignore(userId: number, until: number): Promise<void> {
    const now = Date.now();
    await this.storage.update<IgnoreDocument>(NAMESPACE, KEY, (doc) => {
      // expired entries are dropped on every change, so the document stays small
      const kept = Object.fromEntries(Object.entries(doc?.until ?? {}).filter(([, t]) => t > now));
      return { until: { ...kept, [String(userId)]: until } };
    });
  }

  /** Until when `userId`'s feedback is ignored, or undefined. */
  async ignoredUntil(userId: number): Promise<number | undefined> {
    const t = (await this.storage.read<IgnoreDocument>(NAMESPACE, KEY))?.until[String(userId)];
    return t !== undefined && t > Date.now() ? t : undefined;
  }
}
