import { fileURLToPath } from 'node:url';
import { runInstance } from './instance.js';
import { runLocalPair } from './local-pair.js';

// With REDUNDA_KEY: one instance of the pair (run it on each machine with that instance's key).
// Without it: the local demo — a Redunda emulator and two instances of this same file.
if (process.env.REDUNDA_KEY) await runInstance(process.env);
else await runLocalPair(fileURLToPath(import.meta.url), process.env);
