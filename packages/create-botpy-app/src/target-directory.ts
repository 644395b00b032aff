import { readdir, stat } from 'node:fs/promises';
import { CreateAppError } from './create-app-error.js';

/** What is at the target path now. */
export type TargetState = 'missing' | 'empty' | 'non-empty';

/** Entries that do not make a directory "non-empty" for scaffolding purposes. */
const IGNORED_ENTRIES = new Set(['.git', '.DS_Store', 'Thumbs.db']);

/** Inspects the target directory; a path that is a file is an error (TARGET_NOT_DIRECTORY). */
export async function inspectTarget(directory: string): Promise<{ state: TargetState; entries: string[] }> {
  let info;
  try {
    info = await stat(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing', entries: [] };
    throw error;
  }
  if (!info.isDirectory()) {
    throw new CreateAppError('TARGET_NOT_DIRECTORY', `${directory} exists and is not a directory.`);
  }
  const entries = (await readdir(directory)).filter((e) => !IGNORED_ENTRIES.has(e)).sort();
  return { state: entries.length === 0 ? 'empty' : 'non-empty', entries };
}

/** The error for a non-empty target directory when --overwrite was not given. */
export function targetNotEmptyError(directory: string, entries: string[]): CreateAppError {
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
  return new CreateAppError(
    'TARGET_NOT_EMPTY',
    `Target directory ${directory} is not empty (${shown}).\n` +
      'Choose another name, empty the directory, or pass --overwrite to write the template files over it ' +
      '(other files are kept).',
  );
}
