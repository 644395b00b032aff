/** What made a title look like spam: the rule's name, and the words that matched. */
export interface SpamVerdict {
  readonly rule: string;
  readonly match: string;
}

/**
 * A few of the title rules a spam watcher starts with (SmokeDetector's have grown to hundreds):
 * a phone number, a "customer care / support number" phrase, or shop words.
 */
const RULES: readonly { rule: string; pattern: RegExp }[] = [
  { rule: 'phone number in title', pattern: /\+?\d[\d\s().-]{9,}\d/ },
  { rule: 'support number', pattern: /\b(customer (care|service)|helpline|support) (number|phone)\b/i },
  { rule: 'shop words', pattern: /\b(buy|cheap|discount|free download|best price|pills)\b/i },
];

/** The first rule a title breaks, or undefined. */
export function checkTitle(title: string): SpamVerdict | undefined {
  for (const { rule, pattern } of RULES) {
    const m = pattern.exec(title);
    if (m) return { rule, match: m[0] };
  }
  return undefined;
}
