// Starts verdaccio on 127.0.0.1 (a free port) with its storage and users in the folder given as
// argv[2]; prints one JSON line `{"port": N}` once it listens. Our packages (@botpy/*,
// create-botpy-app) are served only from this registry's storage; anything else is proxied to the
// public registry (the uplink). Run with the verdaccio installed next to a copy of this file.
import path from 'node:path';
import { runServer } from 'verdaccio';

const dir = path.resolve(process.argv[2] ?? '.');
const uplink = process.env.BOTPY_REGISTRY_UPLINK || 'https://registry.npmjs.org/';
const ours = { access: '$all', publish: '$authenticated', unpublish: '$authenticated' };
const config = {
  self_path: path.join(dir, 'config.yaml'),
  storage: path.join(dir, 'storage'),
  auth: { htpasswd: { file: path.join(dir, 'htpasswd'), max_users: 10 } },
  uplinks: { npmjs: { url: uplink, timeout: '60s', maxage: '30m', max_fails: 5, fail_timeout: '1m' } },
  packages: {
    '@botpy/*': ours,
    'create-botpy-app': ours,
    '@*/*': { access: '$all', publish: '$authenticated', proxy: 'npmjs' },
    '**': { access: '$all', publish: '$authenticated', proxy: 'npmjs' },
  },
  web: { enable: false },
  log: { type: 'stdout', format: 'pretty', level: 'warn' },
  max_body_size: '50mb',
};

const server = await runServer(config);
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
