// The router benchmark's corpus: 200 usages over 100 commands and addressed messages, generated
// deterministically. `node scripts/bench/router-corpus.js N > file.json` writes one with N messages.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { prng } from './lib.js';

const VERBS = ['show', 'list', 'add', 'remove', 'set', 'get', 'check', 'report', 'watch', 'ignore'];
const NOUNS = ['user', 'room', 'site', 'tag', 'post', 'flag', 'filter', 'rule', 'feed', 'queue'];

/**
 * 100 commands with 2 usages each (200 usages). Half share their first word with others
 * (`show user *`, `show room * ...`), the rest are single-word commands with every argument shape.
 */
export function generateCommands() {
  const commands = [];
  // 50 multi-word commands: 10 verbs × 5 nouns, two usages each
  for (let v = 0; v < VERBS.length; v++) {
    for (let n = 0; n < 5; n++) {
      const verb = VERBS[v];
      const noun = NOUNS[(v + n) % NOUNS.length];
      const shapes = [`${verb} ${noun} *`, `${verb} ${noun} * ...`, `${verb} ${noun}`, `${verb} ${noun} * *`, `${verb} ${noun} ...`];
      const a = shapes[(v + n) % shapes.length];
      let b = shapes[(v + n + 2) % shapes.length];
      if (b === a) b = shapes[(v + n + 3) % shapes.length];
      commands.push([a, b.replace(`${verb} ${noun}`, `${verb.slice(0, 3)}${noun}`)]);
    }
  }
  // 50 single-word commands with every argument shape
  const shapes = ['', ' *', ' * *', ' ...', ' * ...', ' * * *'];
  for (let i = 0; i < 50; i++) {
    const word = `cmd${i}`;
    commands.push([word + shapes[i % shapes.length], `alias${i}` + shapes[(i + 1) % shapes.length]]);
  }
  return commands;
}

/** Messages for `@<bot>`: about 80 % match a usage, the rest are unknown words or wrong argument counts. */
export function generateMessages(botName, commands, count, seed = 42) {
  const rnd = prng(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const ping = (name) => {
    const form = name.replace(/\s+/g, '');
    const len = 3 + Math.floor(rnd() * (form.length - 2));
    const p = form.slice(0, len);
    return '@' + (rnd() < 0.5 ? p.toLowerCase() : p);
  };
  const arg = () => pick(['42', 'foo', 'Bar', 'https://example.com/q/1', '@someone', 'x'.repeat(1 + Math.floor(rnd() * 12)), '1234567']);
  const messages = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const usages = pick(commands);
    const usage = pick(usages);
    const words = [];
    for (const w of usage.split(' ')) {
      if (w === '*') words.push(arg());
      else if (w === '...') for (let k = Math.floor(rnd() * 4); k > 0; k--) words.push(arg());
      else words.push(rnd() < 0.2 ? w.toUpperCase() : w);
    }
    if (r < 0.1) words[0] = `unknown${Math.floor(rnd() * 1000)}`;
    else if (r < 0.2) words.push(arg(), arg(), arg());
    messages.push(`${ping(botName)} ${words.join(' ')}`);
  }
  return messages;
}

export function generateCorpus(messageCount, botName = 'SmokeDetector') {
  const commands = generateCommands();
  return { botName, commands, messages: generateMessages(botName, commands, messageCount) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? 2000);
  const out = JSON.stringify(generateCorpus(n), null, 1) + '\n';
  if (process.argv[3]) writeFileSync(process.argv[3], out);
  else process.stdout.write(out);
}
