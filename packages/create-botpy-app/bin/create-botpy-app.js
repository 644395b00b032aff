#!/usr/bin/env node
// The `create-botpy-app` command. This shim is committed (with its execute bit) so that npm links it into
// node_modules/.bin at install time, before anything is built; the command itself is the
// compiled dist/cli.js, which a rebuild may replace at any time.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('create-botpy-app: not built yet (no dist/cli.js). In the Botpy repository, run `npm run build` first.\n');
  process.exit(1);
}
await import(entry.href);
