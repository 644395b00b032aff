#!/usr/bin/env node
// `npm run release:check`: is every published package ready for the registry?
//   1. its package.json has the metadata users and tools need (description, license, repository,
//      engines, files, `exports` with types, a README, the root LICENSE) and depends on its siblings by a real
//      version range that the sibling's current version satisfies (no "*");
//   2. publint --strict finds nothing;
//   3. are-the-types-wrong (profile esm-only: these packages are ESM only) finds nothing.
// publint and attw both read the tarball `npm pack` makes (one pack per package).
// Then it prints what `npm pack` would publish (size, file count). Needs the build (`tsc -b`), which
// it runs first. Exit code 1 when anything is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The workspace packages that are published (not private), with their directories. */
export function publishedPackages() {
  const dirs = rootPkg.workspaces.flatMap((w) => (w.endsWith('/*') ? [] : [w]));
  return dirs
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private);
}

/** Problems with a package's own metadata (an empty list when it is complete). */
function metadataProblems({ dir, pkg }, byName) {
  const problems = [];
  for (const field of ['description', 'license', 'repository', 'engines', 'files', 'exports', 'types']) {
    if (pkg[field] === undefined) problems.push(`no "${field}"`);
  }
  if (pkg.license && pkg.license !== 'MIT') problems.push(`license is ${pkg.license}, the repository's is MIT`);
  if (pkg.repository && pkg.repository.directory !== dir) problems.push(`repository.directory should be "${dir}"`);
  if (!pkg.engines?.node) problems.push('no engines.node');
  const main = pkg.exports?.['.'];
  if (!main || typeof main !== 'object' || !main.types || !main.default) problems.push('exports["."] needs "types" and "default"');
  if (!existsSync(path.join(root, dir, 'README.md'))) problems.push('no README.md');
  const license = path.join(root, dir, 'LICENSE');
  if (!existsSync(license) || readFileSync(license, 'utf8') !== readFileSync(path.join(root, 'LICENSE'), 'utf8')) {
    problems.push('LICENSE is missing or differs from the root LICENSE (copy it: npm pack only ships a LICENSE from the package folder)');
  }
  for (const [name, file] of Object.entries(pkg.bin ?? {})) {
    if (!existsSync(path.join(root, dir, file))) problems.push(`bin ${name} → ${file} does not exist`);
  }
  for (const kind of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']) {
    for (const [name, range] of Object.entries(pkg[kind] ?? {})) {
      const sibling = byName.get(name);
      if (!sibling) continue;
      if (!/^[\^~]?\d+\.\d+\.\d+/.test(range)) problems.push(`${kind}: ${name}@"${range}" is not a real version range`);
      else if (range.replace(/^[\^~]/, '') !== sibling.pkg.version) {
        problems.push(`${kind}: ${name}@"${range}" does not start at the sibling's version ${sibling.pkg.version}`);
      }
    }
  }
  return problems;
}

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function main() {
  const packages = publishedPackages();
  const byName = new Map(packages.map((p) => [p.pkg.name, p]));
  const build = run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', ...packages.map((p) => p.dir)]);
  if (!build.ok) {
    console.error(`!! tsc -b failed:\n${build.output}`);
    process.exit(1);
  }
  let failed = 0;
  const packDir = mkdtempSync(path.join(tmpdir(), 'botpy-release-check-'));
  for (const p of packages) {
    const name = p.pkg.name;
    const problems = metadataProblems(p, byName);
    // One `npm pack` per package: publint and attw read the tarball that would be published.
    const pack = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], path.join(root, p.dir));
    let summary = '';
    let publint = { ok: false, output: 'not run: npm pack failed' };
    let attw = publint;
    if (pack.ok) {
      const [info] = JSON.parse(pack.output.slice(pack.output.indexOf('[')));
      summary = `${info.filename}: ${(info.size / 1024).toFixed(1)} kB packed, ${(info.unpackedSize / 1024).toFixed(1)} kB unpacked, ${info.entryCount} files`;
      const tarball = path.join(packDir, info.filename);
      publint = run(bin('publint'), ['run', tarball, '--strict']);
      attw = run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii']);
    }
    const ok = problems.length === 0 && publint.ok && attw.ok && pack.ok;
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${summary ? ` — ${summary}` : ''}`);
    for (const problem of problems) console.log(`     package.json: ${problem}`);
    if (!publint.ok) console.log(`     publint:\n${publint.output.replace(/^/gm, '       ')}`);
    if (!attw.ok) console.log(`     attw:\n${attw.output.replace(/^/gm, '       ')}`);
    if (!pack.ok) console.log(`     npm pack:\n${pack.output.replace(/^/gm, '       ')}`);
  }
  rmSync(packDir, { recursive: true, force: true });
  console.log(failed === 0 ? `release:check: all ${packages.length} packages are ready` : `release:check: ${failed} of ${packages.length} packages are not ready`);
  process.exit(failed === 0 ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
