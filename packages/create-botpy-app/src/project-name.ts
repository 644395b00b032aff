import path from 'node:path';
import validatePackageName from 'validate-npm-package-name';
import { CreateAppError } from './create-app-error.js';

/** The outcome of checking a would-be npm package name. */
export type NameCheck = { valid: true } | { valid: false; problems: string[] };

/** Checks that `name` may be published as a new npm package (lower case, no spaces, …). */
export function validateProjectName(name: string): NameCheck {
  const result = validatePackageName(name);
  if (result.validForNewPackages) return { valid: true };
  const problems = [...(result.errors ?? []), ...(result.warnings ?? [])];
  return { valid: false, problems: problems.length > 0 ? problems : ['not a valid npm package name'] };
}

/** Where to create the project and what to call its package. */
export interface ProjectTarget {
  /** The package name written into package.json. */
  packageName: string;
  /** The bot's name for `bootstrap({ name })` (what people ping): see {@link toBotName}. */
  botName: string;
  /** Absolute path of the directory to create. */
  directory: string;
}

const SCOPED = /^@[^/\s]+\/[^/\s]+$/;

/**
 * Turns the command-line argument into a target. `@scope/my-bot` is a scoped package created in
 * `./my-bot`; anything else is a directory whose last segment is the package name.
 * Throws `CreateAppError('INVALID_NAME')` listing every problem when the name is not valid.
 */
export function resolveProjectTarget(argument: string, cwd: string = process.cwd()): ProjectTarget {
  const trimmed = argument.trim();
  if (trimmed === '') throw new CreateAppError('MISSING_NAME', 'Please give a project name, e.g. `npx create-botpy-app my-bot`.');
  let packageName: string;
  let directory: string;
  if (SCOPED.test(trimmed)) {
    packageName = trimmed;
    directory = path.resolve(cwd, trimmed.split('/')[1]!);
  } else {
    directory = path.resolve(cwd, trimmed);
    packageName = path.basename(directory);
  }
  const check = validateProjectName(packageName);
  if (!check.valid) {
    throw new CreateAppError(
      'INVALID_NAME',
      `"${packageName}" is not a valid npm package name:\n${check.problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Use lower case letters, digits, "-", "." or "_", e.g. `my-bot`.',
    );
  }
  return { packageName, botName: toBotName(packageName), directory };
}

/**
 * The bot's name from its package name: the unscoped part in PascalCase (`my-bot` → `MyBot`,
 * `@me/quote_bot` → `QuoteBot`), at least 3 characters (a ping needs `@` + 3 letters of it).
 */
export function toBotName(packageName: string): string {
  const unscoped = packageName.startsWith('@') ? packageName.slice(packageName.indexOf('/') + 1) : packageName;
  const name = unscoped
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  if (name.length >= 3) return name;
  return `${name}Bot`.length >= 3 ? `${name}Bot` : 'MyBot';
}
