import { inject, injectable, Storage } from '@botpy/core';
import type { ReportData, Verdict } from './report.js';

/** One report and the feedback it got (by chat user id: the last word of each person counts). */
export interface LoggedReport extends ReportData {
  readonly at: number;
  readonly feedback: Record<string, Verdict>;
}

interface LogDocument {
  reports: LoggedReport[];
}

const NAMESPACE = 'report-bot';
const KEY = 'reports';
const SUMMARY_KEY = 'last-summary';
/** Reports kept: the summary needs a day or a weekend's worth; older ones drop off. */
const MAX_REPORTS = 2_000;

/**
 * The reports and their feedback, in the app's storage (so they survive a restart and, on shared
 * storage such as Redis, a failover). Every change is one atomic update of the document.
 */
@injectable()
export class ReportLog {
  constructor(@inject(Storage) private readonly storage: Storage) {}

  async add(report: ReportData, at = Date.now()): Promise<void> {
    await this.storage.update<LogDocument>(NAMESPACE, KEY, (doc) => ({
      reports: [...(doc?.reports ?? []), { ...report, at, feedback: {} }].slice(-MAX_REPORTS),
    }));
  }

  /** Records `verdict` of `userId` on the report of `postId`; resolves with the report's tallies, or undefined when it is no longer kept. */
  async feedback(site: string, postId: number, userId: number, verdict: Verdict): Promise<{ tp: number; fp: number } | undefined> {
    let tallies: { tp: number; fp: number } | undefined;
    await this.storage.update<LogDocument>(NAMESPACE, KEY, (doc) => {
      const reports = (doc?.reports ?? []).map((r) => {
        if (r.site !== site || r.postId !== postId) return r;
        const feedback = { ...r.feedback, [String(userId)]: verdict };
        tallies = count(feedback);
        return { ...r, feedback };
      });
      return { reports };
    });
    return tallies;
  }

  /**
   * The reports made since the previous call (the first call: since the log began), and marks now
   * as the new start. The mark is in storage, so it holds across restarts and failovers.
   */
  async sinceLastSummary(now = Date.now()): Promise<LoggedReport[]> {
    let from = 0;
    await this.storage.update<{ at: number }>(NAMESPACE, SUMMARY_KEY, (mark) => {
      from = mark?.at ?? 0;
      return { at: now };
    });
    const doc = await this.storage.read<LogDocument>(NAMESPACE, KEY);
    return (doc?.reports ?? []).filter((r) => r.at >= from && r.at < now);
  }
}

/** tp and fp votes of a report. */
export function count(feedback: Record<string, Verdict>): { tp: number; fp: number } {
  const votes = Object.values(feedback);
  return { tp: votes.filter((v) => v === 'tp').length, fp: votes.filter((v) => v === 'fp').length };
}
