import * as prompts from '@clack/prompts';
import { Command, CommanderError, Option } from 'commander';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createApp, detectPackageManager, type CreateAppResult } from './create-app.js';
import { CreateAppError } from './create-app-error.js';
import { resolveProjectTarget, validateProjectName } from './project-name.js';
import { inspectTarget } from './target-directory.js';
import { assertTemplateName, TEMPLATES, type TemplateName } from './templates.js';
import { scaffolderVersion } from './package-json.js';

/** Where the CLI reads and writes (process streams by default; tests pass their own). */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  cwd: string;
}

/** The project name the prompt offers, and the one `--yes` takes when none is given. */
export const DEFAULT_PROJECT_NAME = 'my-bot';

interface ParsedOptions {
  template?: string;
  yes?: boolean;
  interactive: boolean;
  skipInstall?: boolean;
  skipGit?: boolean;
  overwrite?: boolean;
  dryRun?: boolean;
}

function buildCommand(io: CliIo): Command {
  return new Command('create-botpy-app')
    .description('Create a new Botpy chat bot project')
    .version(scaffolderVersion())
    .argument('[project]', `directory (and package name) of the new project, e.g. my-bot or @me/my-bot (default with --yes: ${DEFAULT_PROJECT_NAME})`)
    .addOption(new Option('-t, --template <name>', 'project template').choices(Object.keys(TEMPLATES)))
    .option('-y, --yes', 'accept the defaults, ask nothing')
    .option('--no-interactive', 'never prompt (the default when stdin is not a terminal)')
    .option('--skip-install', 'do not install dependencies')
    .option('--skip-git', 'do not initialize a git repository')
    .option('--overwrite', 'write into a non-empty directory (template files replace existing ones, others are kept)')
    .option('--dry-run', 'list the files that would be created, write nothing')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
}

function cancelled(): never {
  throw new CreateAppError('CANCELLED', 'Cancelled: nothing was created.');
}

async function promptForMissing(
  projectArg: string | undefined,
  opts: ParsedOptions,
  io: CliIo,
): Promise<{ project: string; template: TemplateName; overwrite: boolean; install: boolean }> {
  const common = { input: io.stdin, output: io.stdout };
  prompts.intro('create-botpy-app', common);
  let project = projectArg;
  if (project === undefined) {
    const answer = await prompts.text({
      ...common,
      message: 'Project name?',
      placeholder: DEFAULT_PROJECT_NAME,
      defaultValue: DEFAULT_PROJECT_NAME,
      validate: (value) => {
        if (!value) return undefined; // empty: the default is used
        const check = validateProjectName(path.basename(value));
        return check.valid ? undefined : check.problems.join('; ');
      },
    });
    if (prompts.isCancel(answer)) cancelled();
    project = answer;
  }
  let template: TemplateName;
  if (opts.template === undefined) {
    const answer = await prompts.select<TemplateName>({
      ...common,
      message: 'Which template?',
      options: (Object.keys(TEMPLATES) as TemplateName[]).map((name) => ({ value: name, label: name, hint: TEMPLATES[name] })),
      initialValue: 'minimal',
    });
    if (prompts.isCancel(answer)) cancelled();
    template = answer;
  } else {
    template = assertTemplateName(opts.template);
  }
  let overwrite = opts.overwrite ?? false;
  const target = resolveProjectTarget(project, io.cwd);
  if (!overwrite && (await inspectTarget(target.directory)).state === 'non-empty') {
    const answer = await prompts.confirm({ ...common, message: `${target.directory} is not empty. Write the template files over it?`, initialValue: false });
    if (prompts.isCancel(answer) || !answer) cancelled();
    overwrite = true;
  }
  let install = !opts.skipInstall;
  if (install && !opts.dryRun) {
    const answer = await prompts.confirm({ ...common, message: 'Install dependencies now?', initialValue: true });
    if (prompts.isCancel(answer)) cancelled();
    install = answer;
  }
  return { project, template, overwrite, install };
}

function nextSteps(result: CreateAppResult, cwd: string): string[] {
  const pm = detectPackageManager();
  const relative = path.relative(cwd, result.directory) || '.';
  const lines: string[] = [];
  if (relative !== '.') lines.push(`cd ${relative.includes(' ') ? JSON.stringify(relative) : relative}`);
  if (!result.installed) lines.push(`${pm} install`);
  lines.push(
    `${pm} test          # the bot's tests, on a local chat emulator`,
    `${pm} run dev       # run the bot on the emulator, then chat with it in your browser`,
    `${pm} start         # run it on Stack Exchange (set the variables from .env.example)`,
  );
  return lines;
}

/**
 * Runs `create-botpy-app` with the given arguments (without `node` and the script path) and
 * returns the exit code: 0 on success, 1 on any error (printed to stderr).
 */
export async function runCli(args: string[], partialIo: Partial<CliIo> = {}): Promise<number> {
  const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), ...partialIo };
  const command = buildCommand(io);
  try {
    command.parse(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  const opts = command.opts<ParsedOptions>();
  const projectArg = command.args[0];
  const interactive = Boolean(io.stdin.isTTY) && !opts.yes && opts.interactive;
  try {
    let project: string;
    let template: TemplateName;
    let overwrite = opts.overwrite ?? false;
    let install = !opts.skipInstall;
    if (interactive) {
      ({ project, template, overwrite, install } = await promptForMissing(projectArg, opts, io));
    } else {
      if (projectArg === undefined && !opts.yes) {
        throw new CreateAppError('MISSING_NAME', 'Please give a project name, e.g. `npm create botpy-app@latest my-bot` (or pass --yes for the default, my-bot).');
      }
      // --yes accepts the defaults, the name included: the one the prompt offers.
      project = projectArg ?? DEFAULT_PROJECT_NAME;
      template = assertTemplateName(opts.template ?? 'minimal');
    }
    const target = resolveProjectTarget(project, io.cwd);
    const result = await createApp({
      target,
      template,
      overwrite,
      dryRun: opts.dryRun ?? false,
      install,
      git: !opts.skipGit,
      log: interactive ? (line) => prompts.log.step(line, { output: io.stdout }) : (line) => io.stdout.write(`${line}\n`),
    });
    if (result.written) {
      const steps = nextSteps(result, io.cwd);
      if (interactive) {
        prompts.note(steps.join('\n'), 'Next steps', { output: io.stdout });
        prompts.outro(`Your bot is ready in ${result.directory}`, { output: io.stdout });
      } else {
        io.stdout.write(['', 'Next steps:', ...steps.map((l) => `  ${l}`), ''].join('\n'));
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof CreateAppError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    io.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
