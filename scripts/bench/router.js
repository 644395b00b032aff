// Router benchmark: addressing + routing of addressed messages, exactly the work the dispatcher
// does per message before privileges (address() then CommandRouter.route()).
import { readFileSync } from 'node:fs';
import { CommandRouter, address } from '@botpy/core';
import { generateCorpus } from './router-corpus.js';
import { median, metric, note } from './lib.js';

const TARGET_NS = 2000;
const MIN_ROUTINGS = 100_000;
const ROUNDS = 7;

/** Validates and loads a corpus file: { botName, commands: [[usage, ...], ...], messages: [...] }. */
export function loadCorpus(file) {
  let corpus;
  try {
    corpus = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the router corpus ${file}: ${err.message}`);
  }
  const ok = corpus && typeof corpus.botName === 'string' && Array.isArray(corpus.commands) && Array.isArray(corpus.messages) &&
    corpus.commands.every((c) => Array.isArray(c) && c.length > 0 && c.every((u) => typeof u === 'string')) &&
    corpus.messages.every((m) => typeof m === 'string');
  if (!ok) throw new Error(`${file}: expected { "botName": string, "commands": [["usage", ...], ...], "messages": [string, ...] }`);
  if (corpus.messages.length === 0) throw new Error(`${file}: "messages" is empty`);
  return corpus;
}

/** Routes every message of the corpus; returns ns/message (median of rounds) and how many matched. */
export function runRouter(corpus) {
  const router = new CommandRouter(corpus.commands.map((usages, i) => ({ name: `Command${i}`, usages })));
  const names = [corpus.botName];
  const msgs = corpus.messages;
  const routeOne = (text) => {
    const a = address(text, names, false);
    return a.addressed ? router.route(a.words) : undefined;
  };
  let matched = 0;
  let addressed = 0;
  for (const m of msgs) {
    if (address(m, names, false).addressed) addressed++;
    if (routeOne(m)) matched++;
  }
  const passes = Math.max(1, Math.ceil(MIN_ROUTINGS / msgs.length));
  let sink = 0;
  const pass = () => {
    for (let p = 0; p < passes; p++) for (let i = 0; i < msgs.length; i++) if (routeOne(msgs[i])) sink++;
  };
  pass(); // warm-up (JIT)
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    pass();
    samples.push(Number(process.hrtime.bigint() - t0) / (passes * msgs.length));
  }
  if (sink < 0) console.log(sink);
  return { nsPerMessage: median(samples), best: Math.min(...samples), matched, addressed, messages: msgs.length, usages: corpus.commands.flat().length, routings: passes * msgs.length };
}

export function benchRouter(corpusFile) {
  const corpus = corpusFile ? loadCorpus(corpusFile) : generateCorpus(MIN_ROUTINGS);
  note(`router: ${corpusFile ?? 'generated corpus'} (${corpus.commands.flat().length} usages, ${corpus.messages.length} messages)`);
  const r = runRouter(corpus);
  const extra = { usages: r.usages, messages: r.messages, matched: r.matched, addressed: r.addressed, routingsPerRound: r.routings, bestRoundNs: Math.round(r.best), ...(corpusFile ? { corpus: corpusFile } : {}) };
  metric('router.ns_per_message', r.nsPerMessage, 'ns', `< ${TARGET_NS}`, r.nsPerMessage < TARGET_NS, extra);
  return r;
}
