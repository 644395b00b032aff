import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateAppError } from './create-app-error.js';
import type { ProjectTarget } from './project-name.js';
import { renderProject } from './render.js';
import { inspectTarget, targetNotEmptyError } from './target-directory.js';
import type { TemplateName } from './templates.js';

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

export interface CreateAppOptions {
  target: ProjectTarget;
  template: TemplateName;
  /** Write over a non-empty directory (files the template does not produce are kept). */
  overwrite?: boolean;
  /** List the files that would be written; write nothing, install nothing. */
  dryRun?: boolean;
  /** Run the package manager's install in the new project (default true). */
  install?: boolean;
  /** `git init` and a first commit (default true; skipped inside an existing work tree or without git). */
  git?: boolean;
  packageManager?: PackageManager;
  /** Progress lines for the person (default: nothing). */
  log?: (line: string) => void;
  /** Overrides for tests. */
  botpyVersion?: string;
  templatesDir?: string;
}

export interface CreateAppResult {
  directory: string;
  /** Paths of the project's files, relative to `directory`. */
  files: string[];
  written: boolean;
  installed: boolean;
  gitInitialized: boolean;
}

/** Picks the package manager that ran us (`npm_config_user_agent`), npm by default. */
export function detectPackageManager(userAgent: string | undefined = process.env.npm_config_user_agent): PackageManager {
  if (userAgent?.startsWith('pnpm')) return 'pnpm';
  if (userAgent?.startsWith('yarn')) return 'yarn';
  return 'npm';
}

function run(command: string, args: string[], cwd: string, stdio: 'inherit' | 'ignore'): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio, shell: process.platform === 'win32' });
    child.on('error', () => resolve(-1));
    child.on('close', (code) => resolve(code ?? -1));
  });
}

async function initGit(directory: string, log: (line: string) => void): Promise<boolean> {
  if ((await run('git', ['--version'], directory, 'ignore')) !== 0) {
    log('git not found: skipped `git init`.');
    return false;
  }
  if ((await run('git', ['rev-parse', '--is-inside-work-tree'], directory, 'ignore')) === 0) {
    log('Already inside a git work tree: skipped `git init`.');
    return false;
  }
  if ((await run('git', ['init', '--quiet'], directory, 'ignore')) !== 0) {
    log('`git init` failed: skipped.');
    return false;
  }
  const added = (await run('git', ['add', '-A'], directory, 'ignore')) === 0;
  const committed =
    added && (await run('git', ['commit', '--quiet', '-m', 'Initial commit from create-botpy-app'], directory, 'ignore')) === 0;
  log(committed ? 'Initialized a git repository with a first commit.' : 'Initialized a git repository (no commit: set git user.name/user.email).');
  return true;
}

/** Creates the project: validates the target, writes the rendered template, installs, initializes git. */
export async function createApp(o: CreateAppOptions): Promise<CreateAppResult> {
  const log = o.log ?? (() => {});
  const { directory } = o.target;
  const { state, entries } = await inspectTarget(directory);
  if (state === 'non-empty' && !o.overwrite) throw targetNotEmptyError(directory, entries);

  const files = await renderProject({ target: o.target, template: o.template, botpyVersion: o.botpyVersion, templatesDir: o.templatesDir });
  const paths = files.map((f) => f.path);
  if (o.dryRun) {
    log(`Dry run: would create ${paths.length} files in ${directory} (template "${o.template}"):`);
    for (const p of paths) log(`  ${p}`);
    return { directory, files: paths, written: false, installed: false, gitInitialized: false };
  }

  for (const file of files) {
    const destination = path.join(directory, ...file.path.split('/'));
    await mkdir(path.dirname(destination), { recursive: true });
    await writeFile(destination, file.content);
  }
  log(`Created ${paths.length} files in ${directory} (template "${o.template}").`);

  let installed = false;
  if (o.install ?? true) {
    const pm = o.packageManager ?? detectPackageManager();
    log(`Installing dependencies with ${pm}…`);
    const code = await run(pm, ['install'], directory, 'inherit');
    if (code !== 0) {
      throw new CreateAppError('INSTALL_FAILED', `\`${pm} install\` failed (exit code ${code}) in ${directory}. Fix the problem and run it again there.`);
    }
    installed = true;
  }

  const gitInitialized = (o.git ?? true) ? await initGit(directory, log) : false;
  return { directory, files: paths, written: true, installed, gitInitialized };
}
