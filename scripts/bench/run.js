#!/usr/bin/env node
// `npm run bench` entry: runs every benchmark (or some) against the built packages and prints one
// JSON object per metric on stdout, then a summary object. Progress goes to stderr.
//   --only router,e2e,throttle,footprint,redis,se-api   run a subset
//   --router-corpus FILE                   only the router benchmark, on that corpus
//   --only light [--light-questions N] [--light-interval MS]   the light-load, user-side measurement
import { parseArgs } from 'node:util';
import os from 'node:os';
import { results, note } from './lib.js';

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function positive(text, what) {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) fail(`${what} takes a positive integer`);
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      'router-corpus': { type: 'string' },
      only: { type: 'string' },
      'light-questions': { type: 'string' },
      'light-interval': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail(err.message);
}
if (values.help) {
  process.stdout.write('usage: npm run bench [-- --only router,e2e,throttle,footprint,redis,se-api,light] [-- --router-corpus FILE] [-- --light-questions 30 --light-interval 1100]\n');
  process.exit(0);
}

const ALL = ['router', 'e2e', 'throttle', 'footprint', 'redis', 'se-api', 'light'];
const selected = values['router-corpus'] ? ['router'] : values.only ? values.only.split(',').map((s) => s.trim()) : ALL;
for (const s of selected) if (!ALL.includes(s)) fail(`unknown benchmark "${s}" (known: ${ALL.join(', ')})`);

const started = Date.now();
for (const name of selected) {
  note(`running ${name}`);
  if (name === 'router') {
    try {
      (await import('./router.js')).benchRouter(values['router-corpus']);
    } catch (err) {
      fail(err.message);
    }
  }
  if (name === 'e2e') await (await import('./e2e.js')).benchEndToEnd();
  if (name === 'throttle') await (await import('./throttle.js')).benchThrottle();
  if (name === 'footprint') await (await import('./footprint.js')).benchFootprint();
  if (name === 'redis') await (await import('./redis.js')).benchRedis();
  if (name === 'se-api') await (await import('./se-api.js')).benchSeApi();
  if (name === 'light') {
    const o = {};
    if (values['light-questions']) o.questions = positive(values['light-questions'], '--light-questions');
    if (values['light-interval']) o.intervalMs = positive(values['light-interval'], '--light-interval');
    await (await import('./light.js')).benchLight(o);
  }
}
const failed = results.filter((r) => r.pass === false).map((r) => r.name);
const summary = {
  name: 'summary',
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memMB: Math.round(os.totalmem() / 2 ** 20), node: process.version, platform: `${os.platform()} ${os.release()}` },
  metrics: results.length,
  passed: results.filter((r) => r.pass === true).length,
  failed,
  seconds: Math.round((Date.now() - started) / 100) / 10,
};
process.stdout.write(JSON.stringify(summary) + '\n');
process.exitCode = failed.length > 0 ? 1 : 0;
