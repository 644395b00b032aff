/** One site of the emulated network. */
export interface EmuSite {
  id: number;
  api_site_parameter: string;
  name: string;
  host: string;
}

export interface EmuSeUser {
  user_id: number;
  display_name: string;
  reputation: number;
  creation_date: number;
  location: string;
}

export interface EmuQuestion {
  site: string;
  question_id: number;
  title: string;
  body_markdown: string;
  tags: string[];
  owner: number;
  creation_date: number;
  last_activity_date: number;
  score: number;
  /** Epoch ms when posted through postQuestion (the API's cache lag hides it until then + lag). */
  posted_ms?: number;
}

export interface EmuAnswer {
  site: string;
  answer_id: number;
  question_id: number;
  body_markdown: string;
  owner: number;
  creation_date: number;
  score: number;
  is_accepted: boolean;
}

export interface EmuComment {
  site: string;
  comment_id: number;
  post_id: number;
  body_markdown: string;
  owner: number;
  creation_date: number;
  score: number;
}

/** Sites the emulator serves (ids as on the real network). */
export const EMU_SITES: readonly EmuSite[] = [
  { id: 1, api_site_parameter: 'stackoverflow', name: 'Stack Overflow', host: 'stackoverflow.com' },
  { id: 2, api_site_parameter: 'serverfault', name: 'Server Fault', host: 'serverfault.com' },
  { id: 3, api_site_parameter: 'superuser', name: 'Super User', host: 'superuser.com' },
  { id: 69, api_site_parameter: 'math', name: 'Mathematics', host: 'math.stackexchange.com' },
  { id: 89, api_site_parameter: 'askubuntu', name: 'Ask Ubuntu', host: 'askubuntu.com' },
];

/** A small deterministic PRNG (mulberry32), so generated worlds repeat for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TAGS = ['javascript', 'python', 'typescript', 'java', 'c#', 'node.js', 'regex', 'sql', 'bash', 'css', 'html', 'git', 'docker', 'linux'];
const SUBJECTS = ['array', 'string', 'promise', 'loop', 'class', 'map', 'list', 'regex', 'query', 'callback', 'stream', 'socket'];
const VERBS = ['sort', 'parse', 'merge', 'filter', 'reverse', 'serialize', 'compare', 'split', 'convert'];
const NAMES = ['Alice', 'Bob', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', "O'Brien", 'Grace & Co', 'Hiro', 'Ingrid', 'José', 'Kai'];

/** Generates one plausible question title (some carry characters that the API HTML-encodes). */
export function questionTitle(rnd: () => number): string {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const forms = [
    () => `How do I ${pick(VERBS)} a ${pick(SUBJECTS)} in ${pick(TAGS)}?`,
    () => `Why does ${pick(SUBJECTS)}.${pick(VERBS)}() return "undefined" & not the ${pick(SUBJECTS)}?`,
    () => `${pick(TAGS)}: can't ${pick(VERBS)} <${pick(SUBJECTS)}> with ${pick(SUBJECTS)}`,
    () => `Best way to ${pick(VERBS)} ${pick(SUBJECTS)}s without a ${pick(SUBJECTS)}`,
  ];
  return pick(forms)();
}

export function pickTags(rnd: () => number): string[] {
  const n = 1 + Math.floor(rnd() * 3);
  const tags = new Set<string>();
  while (tags.size < n) tags.add(TAGS[Math.floor(rnd() * TAGS.length)]!);
  return [...tags];
}

export function userName(rnd: () => number, i: number): string {
  return `${NAMES[Math.floor(rnd() * NAMES.length)]!} ${i}`;
}
