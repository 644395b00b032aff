/**
 * The release, as a bot author lives it. A real npm registry (verdaccio) on 127.0.0.1; every
 * package published to it with the release pipeline's own command (`changeset publish`); then, in
 * empty folders outside the repository, with only that registry configured (own npmrc, own cache,
 * own HOME): `npm create botpy-app@latest my-bot -- --yes` and `npx create-botpy-app --yes -t full`,
 * `npm install` (run by the scaffolder), `npm run build`, `npm test`, and `npm run dev`, on whose
 * emulator a person (Bob, through the chat client) types `@TestBot alive` and gets the answer.
 * No file: paths, no overrides, nothing from this repository's node_modules in the projects.
 * Third-party packages come from the public registry through verdaccio's uplink. Slow (minutes):
 * the second project's scaffold and install overlap the first test.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ChatClient, type ChatHost, type MessagePostedEvent } from '@botpy/chat';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const registrySource = path.join(repoRoot, 'tests/release/registry');
const REGISTRY_FILES = ['package.json', 'package-lock.json', 'registry-server.mjs'];
/** The names of the workspace packages that are published (not private). */
const PUBLISHED = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces
  .filter((w) => !w.endsWith('/*'))
  .map((w) => JSON.parse(readFileSync(path.join(repoRoot, w, 'package.json'), 'utf8')) as { name: string; private?: boolean })
  .filter((p) => !p.private)
  .map((p) => p.name);

/** The environment of a child process, without what the npm and jest running us put in it. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || ['INIT_CWD', 'JEST_WORKER_ID', 'NODE_OPTIONS', 'NODE_ENV'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, CI: 'true', NO_COLOR: '1', ...extra };
}

interface RunResult {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), o.timeoutMs ?? 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function mustRun(command: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string> {
  const result = await run(command, args, o);
  if (result.code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${o.cwd} exited with ${result.code}:\n${result.output.slice(-8000)}`);
  return result.output;
}

/** Signals a child started with `detached: true` and everything it started (its process group). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * verdaccio 6.8.0 (with node-fetch 2.7.0, so it runs on Node 20), installed from its own lock into
 * node_modules/.cache once per lock version: a folder named after the hash of its files, filled in
 * a temporary sibling and renamed into place (safe when two checkouts race).
 */
async function installRegistry(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of REGISTRY_FILES) hash.update(readFileSync(path.join(registrySource, f)));
  const cacheRoot = path.join(repoRoot, 'node_modules/.cache');
  const dir = path.join(cacheRoot, `botpy-release-registry-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(path.join(dir, 'node_modules/verdaccio/package.json'))) return dir;
  await mkdir(cacheRoot, { recursive: true });
  const tmp = await mkdtemp(`${dir}-tmp-`);
  for (const f of REGISTRY_FILES) await copyFile(path.join(registrySource, f), path.join(tmp, f));
  await mustRun('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: tmp, env: cleanEnv(), timeoutMs: 300_000 });
  try {
    await rename(tmp, dir);
  } catch {
    await rm(tmp, { recursive: true, force: true }); // another run installed it first
  }
  return dir;
}

/** A running registry: its URL and the child process. */
async function startRegistry(installDir: string, dataDir: string): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  const uplink = process.env.npm_config_registry || 'https://registry.npmjs.org/';
  const child = spawn(process.execPath, [path.join(installDir, 'registry-server.mjs'), dataDir], {
    cwd: installDir,
    env: cleanEnv({ BOTPY_REGISTRY_UPLINK: uplink }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = /\{"port":(\d+)\}/.exec(out);
    if (match) return { url: `http://127.0.0.1:${match[1]}/`, child, log: () => out };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`verdaccio did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Adds the publishing user (as `npm adduser` does) and returns its token. */
async function addUser(registry: string): Promise<string> {
  const res = await fetch(new URL('-/user/org.couchdb.user:botpy-release', registry), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'botpy-release', password: 'release-test-password' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || !body.token) throw new Error(`adduser failed: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** An npm user of that registry only: own HOME, npmrc, global npmrc (empty) and cache. */
async function userEnv(root: string, registry: string, token?: string): Promise<NodeJS.ProcessEnv> {
  const home = path.join(root, 'home');
  await mkdir(home, { recursive: true });
  const host = registry.replace(/^http:/, '');
  const npmrc = [`registry=${registry}`, ...(token ? [`${host}:_authToken=${token}`] : []), 'update-notifier=false', 'fund=false', 'audit=false', ''];
  await writeFile(path.join(root, 'npmrc'), npmrc.join('\n'));
  await writeFile(path.join(root, 'global-npmrc'), '');
  return cleanEnv({
    HOME: home,
    // changeset publish passes `--registry` itself, from this variable (the public registry when unset);
    // without a token for any other registry in these npmrc files, nothing can be published elsewhere.
    npm_config_registry: registry,
    npm_config_userconfig: path.join(root, 'npmrc'),
    npm_config_globalconfig: path.join(root, 'global-npmrc'),
    npm_config_cache: path.join(root, 'npm-cache'),
  });
}

/** What a generated project must look like: registry versions only, every @botpy package installed from the registry. */
async function expectRegistryInstall(project: string): Promise<void> {
  const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
  expect(pkg.overrides).toBeUndefined();
  const ranges = { ...(pkg.dependencies as Record<string, string>), ...(pkg.devDependencies as Record<string, string>) };
  expect(Object.values(ranges).filter((r) => /^(file|link|workspace|git)/.test(r))).toEqual([]);
  const lock = readFileSync(path.join(project, 'package-lock.json'), 'utf8');
  expect(lock).not.toContain('file:');
  expect(lock).not.toContain(repoRoot);
  for (const name of ['@botpy/core', '@botpy/chat', '@botpy/cli', '@botpy/testing', '@botpy/emulator']) {
    const dir = path.join(project, 'node_modules', name);
    expect({ name, symlink: lstatSync(dir).isSymbolicLink(), inProject: realpathSync(dir).startsWith(realpathSync(project)) }).toEqual({ name, symlink: false, inProject: true });
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  }
  // The README's links point at files the installed project has.
  const readme = await readFile(path.join(project, 'README.md'), 'utf8');
  const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!);
  expect(links.length).toBeGreaterThan(0);
  expect(links.filter((l) => !existsSync(path.join(project, l)))).toEqual([]);
}

async function buildAndTest(project: string, env: NodeJS.ProcessEnv): Promise<void> {
  await mustRun('npm', ['run', 'build'], { cwd: project, env, timeoutMs: 120_000 });
  expect(existsSync(path.join(project, 'dist', 'main.js'))).toBe(true);
  const tested = await run('npm', ['test'], { cwd: project, env, timeoutMs: 180_000 });
  expect({ code: tested.code, output: tested.code === 0 ? '' : tested.output.slice(-8000) }).toEqual({ code: 0, output: '' });
  expect(tested.output).toMatch(/Tests: +\d+ passed, \d+ total/);
}

describe('release: publish to a local registry, then create, build, test and run a bot outside the repository', () => {
  let work: string;
  let registry: { url: string; child: ChildProcess; log: () => string } | undefined;
  let user: NodeJS.ProcessEnv;
  let secondCreated: Promise<RunResult> | undefined;
  const published: Record<string, string> = {};

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'botpy-release-e2e-'));
    const installDir = await installRegistry();
    registry = await startRegistry(installDir, path.join(work, 'registry'));
    const token = await addUser(registry.url);

    // The maintainer's side: build, then the release pipeline's publish step with this registry.
    const maintainer = await userEnv(path.join(work, 'maintainer'), registry.url, token);
    await mustRun('npm', ['run', 'build'], { cwd: repoRoot, env: cleanEnv(), timeoutMs: 300_000 });
    const publish = await mustRun(path.join(repoRoot, 'node_modules/.bin/changeset'), ['publish', '--no-git-tag'], {
      cwd: repoRoot,
      env: maintainer,
      timeoutMs: 300_000,
    });
    expect(publish).toMatch(/packages published successfully/);
    expect(publish).not.toMatch(/auto-corrected|was invalid and removed/);
    for (const name of PUBLISHED) {
      const res = await fetch(new URL(name.replace('/', '%2f'), registry.url), { signal: AbortSignal.timeout(10_000) });
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      const doc = (await res.json()) as { 'dist-tags': { latest: string } };
      published[name] = doc['dist-tags'].latest;
    }
    user = await userEnv(path.join(work, 'user'), registry.url);
    // The second project's scaffold and install (mostly waiting on the network) run while the first test runs.
    const second = path.join(work, 'second');
    await mkdir(second);
    secondCreated = run('npx', ['--yes', 'create-botpy-app', '--yes', '-t', 'full'], { cwd: second, env: user, timeoutMs: 480_000 });
  }, 600_000);

  afterAll(async () => {
    await secondCreated;
    if (registry) {
      registry.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      registry.child.kill('SIGKILL');
    }
    if (work) await rm(work, { recursive: true, force: true });
  }, 600_000);

  it('every package is on the registry at one version', () => {
    expect(PUBLISHED).toEqual(expect.arrayContaining(['@botpy/core', '@botpy/cli', '@botpy/testing', 'create-botpy-app']));
    const versions = new Set(Object.values(published));
    expect(versions.size).toBe(1);
    const [version] = versions;
    expect(version).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'packages/core/package.json'), 'utf8')).version);
  });

  it(
    '`npm create botpy-app@latest my-bot -- --yes`, build, test, and `npm run dev` answers `@MyBot alive`',
    async () => {
      const folder = path.join(work, 'first');
      await mkdir(folder);
      const created = await mustRun('npm', ['create', 'botpy-app@latest', 'my-bot', '--', '--yes'], { cwd: folder, env: user, timeoutMs: 480_000 });
      expect(created).toContain('Next steps:');
      const project = path.join(folder, 'my-bot');
      await expectRegistryInstall(project);
      await buildAndTest(project, user);

      // npm run dev: the emulator and the bot; a person types `@MyBot alive` in room 1 (dev mode names the bot after the app).
      const dev = spawn('npm', ['run', 'dev', '--', '--port', '0'], { cwd: project, env: { ...user, BOTPY_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let out = '';
      dev.stdout.on('data', (c: Buffer) => (out += c.toString()));
      dev.stderr.on('data', (c: Buffer) => (out += c.toString()));
      let client: ChatClient | undefined;
      try {
        const waitFor = async (pattern: RegExp, ms: number) => {
          const deadline = Date.now() + ms;
          for (;;) {
            const m = pattern.exec(out);
            if (m) return m;
            if (dev.exitCode !== null || Date.now() > deadline) throw new Error(`${pattern} not seen in the output of npm run dev:\n${out.slice(-6000)}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        const [, host, chat, login] = await waitFor(/Chat emulator \(([a-z.]+)\) is running:\n {2}Chat page: {3}\S+\n {2}Chat server: (\S+)\n {2}Login site: {2}(\S+)\n/, 90_000);
        // dev mode runs the app under its own name (the scaffolded my-bot is MyBot): ask it by that name
        const [, botName] = await waitFor(/Open http:\/\/127\.0\.0\.1:\d+\/emulator and type `@(\w+) alive`/, 60_000);
        expect(botName).toBe('MyBot');
        client = await ChatClient.login({ host: host as ChatHost, email: 'bob@example.com', password: 'bobpass', origins: { chat: chat!, login: login! }, logger: pino({ level: 'silent' }) });
        const room = await client.joinRoom(1);
        const answers: MessagePostedEvent[] = [];
        room.on('message', (m) => {
          if (m.userId === 100) answers.push(m);
        });
        const askedId = await room.send(`@${botName} alive`);
        const deadline = Date.now() + 20_000;
        let answer: MessagePostedEvent | undefined;
        while (!answer && Date.now() < deadline) {
          answer = answers.find((m) => m.parentId === askedId || /alive/i.test(m.text));
          if (!answer) await new Promise((r) => setTimeout(r, 100));
        }
        expect({ answer: answer?.text, output: answer ? '' : out.slice(-4000) }).toEqual({ answer: expect.stringMatching(/alive/i), output: '' });
      } finally {
        await client?.close();
        killGroup(dev, 'SIGTERM');
        const exited = new Promise((r) => dev.once('close', r));
        const timer = setTimeout(() => killGroup(dev, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
    900_000,
  );

  it(
    '`npx create-botpy-app --yes -t full` in an empty folder makes ./my-bot, which builds and passes its tests',
    async () => {
      const folder = path.join(work, 'second');
      const created = await secondCreated!;
      expect({ code: created.code, output: created.code === 0 ? '' : created.output.slice(-8000) }).toEqual({ code: 0, output: '' });
      expect(await readdir(folder)).toEqual(['my-bot']);
      const project = path.join(folder, 'my-bot');
      expect(existsSync(path.join(project, 'src/tasks/heartbeat.task.ts'))).toBe(true);
      await expectRegistryInstall(project);
      await buildAndTest(project, user);
    },
    900_000,
  );
});
