/** The data a report carries (kept with the bot's message, read back when someone replies to it). */
export interface ReportData {
  readonly site: string;
  readonly postId: number;
  readonly title: string;
  readonly rule: string;
}

/** Feedback on a report: true positive (it is spam) or false positive. */
export type Verdict = 'tp' | 'fp';
