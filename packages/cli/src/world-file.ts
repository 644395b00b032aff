import { readFile } from 'node:fs/promises';
import { worldFileProblems, type WorldFile } from '@botpy/emulator';
import { CliError } from './cli-error.js';

/** Reads and checks a world file (JSON: `{ users: [...], rooms: [...] }`); every problem is listed in the error. */
export async function loadWorldFile(file: string): Promise<WorldFile> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('BAD_WORLD_FILE', `Cannot read world file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new CliError('BAD_WORLD_FILE', `World file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const problems = worldFileProblems(data);
  if (problems.length > 0) throw new CliError('BAD_WORLD_FILE', `World file ${file} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return data as WorldFile;
}
