import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateAppError } from './create-app-error.js';

/** The project templates shipped in this package (templates/<name>/). */
export const TEMPLATES = {
  minimal: 'one command, one test: the smallest bot that runs',
  full: 'commands, a privileged command, a background task, and tests for each',
} as const;

export type TemplateName = keyof typeof TEMPLATES;

/** Files every template gets (overridden by a template's file of the same path). */
const COMMON_DIR = '_common';

/** The directory holding the bundled templates (works from src/ under jest and from dist/). */
export function templatesRoot(): string {
  return fileURLToPath(new URL('../templates/', import.meta.url));
}

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

export function assertTemplateName(name: string): TemplateName {
  if (!isTemplateName(name)) {
    throw new CreateAppError('UNKNOWN_TEMPLATE', `Unknown template "${name}". Choose one of: ${Object.keys(TEMPLATES).join(', ')}.`);
  }
  return name;
}

/** A file of a template, before placeholders are filled in. */
export interface TemplateFile {
  /** Path in the generated project, with `/` separators (e.g. `src/main.ts`, `.gitignore`). */
  path: string;
  content: string;
}

/**
 * In the package, dotfiles are stored with a leading `_` (npm pack drops or renames some dotfiles,
 * e.g. `.gitignore`): `_gitignore` becomes `.gitignore`.
 */
export function outputName(storedName: string): string {
  return storedName.startsWith('_') ? `.${storedName.slice(1)}` : storedName;
}

async function readTree(root: string, prefix = ''): Promise<TemplateFile[]> {
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  const files: TemplateFile[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const stored = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      files.push(...(await readTree(root, stored)));
    } else if (entry.isFile()) {
      const outPath = prefix === '' ? outputName(entry.name) : `${prefix}/${outputName(entry.name)}`;
      files.push({ path: outPath, content: await readFile(path.join(root, stored), 'utf8') });
    }
  }
  return files;
}

/** Reads a template's files (common files overlaid by the template's own), sorted by path. */
export async function loadTemplate(name: TemplateName, root: string = templatesRoot()): Promise<TemplateFile[]> {
  const byPath = new Map<string, TemplateFile>();
  for (const dir of [COMMON_DIR, name]) {
    for (const file of await readTree(path.join(root, dir))) byPath.set(file.path, file);
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}
