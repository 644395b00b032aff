#!/usr/bin/env node
// Refuses a package-lock.json that some npm version cannot install: every non-link entry must
// carry a version (npm >= 11.16 stops with "Invalid Version:" otherwise, see npm/cli#9846).
import { readFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const bad = Object.entries(lock.packages ?? {})
  .filter(([path, entry]) => path !== '' && !entry.link && !entry.version)
  .map(([path]) => path);
if (lock.lockfileVersion !== 3) {
  console.error(`package-lock.json: lockfileVersion ${lock.lockfileVersion}, expected 3`);
  process.exit(1);
}
if (bad.length > 0) {
  console.error(`package-lock.json: ${bad.length} entries without a version (regenerate with \`npm run lock\`):`);
  for (const path of bad) console.error(`  ${path}`);
  process.exit(1);
}
console.log(`package-lock.json: ${Object.keys(lock.packages).length} entries, all versioned`);
