import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJsonpickle, JsonpickleError, PyObject } from './jsonpickle.js';

/** A privilege level as BotpySE's `PrivilegeType` holds it. */
export interface BotpyseLevel {
  level: number;
  name: string;
}

/** One user of a room file: BotpySE keeps the id and the level (null = known, no level). */
export interface BotpyseUser {
  id: number;
  level: BotpyseLevel | null;
}

export interface BotpyseRoom {
  roomId: number;
  file: string;
  users: BotpyseUser[];
}

/** Everything read from a BotpySE storage folder. */
export interface BotpyseData {
  folder: string;
  /** The bot name of the data files (`Test Bot` for `Test_Bot_room_1_data`; `_` read back as a space). */
  botName: string;
  /** `line1/line2` of location.txt, as BotpySE shows it; null without the file. */
  location: string | null;
  levels: BotpyseLevel[];
  rooms: BotpyseRoom[];
  /** Files of the folder that are not BotpySE data (reported, not imported). */
  otherFiles: string[];
}

/** A file that cannot be imported: named, with the reason. Nothing is imported when one exists. */
export interface BotpyseProblem {
  file: string;
  problem: string;
}

export class BotpyseImportError extends Error {
  readonly code = 'BOTPYSE_IMPORT';
  constructor(
    message: string,
    readonly problems: BotpyseProblem[] = [],
  ) {
    super(message);
    this.name = 'BotpyseImportError';
  }
}

const ROOM_FILE = /^(.+)_room_(\d+)_data$/;

/** Reads one room file: a JSON string holding jsonpickle's encoding of `[{id, _privilege_type}]`. */
export function parseRoomFile(text: string): BotpyseUser[] {
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch {
    throw new Error('not JSON');
  }
  // BotpySE json.dump()s the string jsonpickle.encode() returned: decode twice
  let inner: unknown = outer;
  if (typeof outer === 'string') {
    try {
      inner = JSON.parse(outer);
    } catch {
      throw new Error('the JSON string inside is not JSON');
    }
  }
  let data: unknown;
  try {
    data = decodeJsonpickle(inner);
  } catch (err) {
    if (err instanceof JsonpickleError) throw new Error(err.message);
    throw err;
  }
  if (!Array.isArray(data)) throw new Error('expected a list of users');
  const seen = new Set<number>();
  return data.map((u, i) => {
    const rec = u instanceof PyObject ? u.attributes : u;
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) throw new Error(`user #${i + 1} is not an object`);
    const r = rec as Record<string, unknown>;
    if (!Number.isInteger(r.id)) throw new Error(`user #${i + 1} has no integer "id"`);
    const id = r.id as number;
    if (seen.has(id)) throw new Error(`user ${id} appears twice`);
    seen.add(id);
    const pt = r._privilege_type;
    if (pt === null || pt === undefined) return { id, level: null };
    if (!(pt instanceof PyObject) || !/(^|\.)PrivilegeType$/.test(pt.className)) throw new Error(`user ${id}: "_privilege_type" is not a PrivilegeType`);
    const { level, name } = pt.attributes;
    if (!Number.isInteger(level) || typeof name !== 'string' || !name) throw new Error(`user ${id}: the PrivilegeType has no integer "level" and "name"`);
    return { id, level: { level: level as number, name } };
  });
}

/** `location.txt`: two lines, shown by BotpySE as `line1/line2`. */
export function parseLocation(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length !== 2 || !lines[0] || !lines[1]) throw new Error(`expected two non-empty lines, found ${lines.length}`);
  return `${lines[0]}/${lines[1]}`;
}

/**
 * Reads a BotpySE storage folder. Every problem is collected and thrown together (a
 * BotpyseImportError listing each file and what is wrong), so nothing is ever half-imported.
 * `botName` picks the files of one bot (`Test Bot` → `Test_Bot_room_<id>_data`); without it the
 * folder must hold the files of exactly one bot.
 */
export async function readBotpyseFolder(folder: string, botName?: string): Promise<BotpyseData> {
  let names: string[];
  try {
    if (!(await stat(folder)).isDirectory()) throw new BotpyseImportError(`${folder} is not a folder`);
    names = (await readdir(folder)).sort();
  } catch (err) {
    if (err instanceof BotpyseImportError) throw err;
    throw new BotpyseImportError(`cannot read the folder ${folder} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const prefixes = new Set(names.map((n) => ROOM_FILE.exec(n)?.[1]).filter((p): p is string => p !== undefined));
  let prefix: string;
  if (botName !== undefined) prefix = botName.replace(/ /g, '_');
  else if (prefixes.size === 1) prefix = [...prefixes][0]!;
  else if (prefixes.size === 0) throw new BotpyseImportError(`no BotpySE room data file (<Bot_Name>_room_<id>_data) in ${folder}`);
  else throw new BotpyseImportError(`${folder} holds the data of several bots (${[...prefixes].join(', ')}): say which with --name "Bot Name"`);
  const problems: BotpyseProblem[] = [];
  const rooms: BotpyseRoom[] = [];
  const otherFiles: string[] = [];
  let location: string | null = null;
  for (const name of names) {
    const m = ROOM_FILE.exec(name);
    const path = join(folder, name);
    if (name === 'location.txt') {
      try {
        location = parseLocation(await readFile(path, 'utf8'));
      } catch (err) {
        problems.push({ file: name, problem: (err as Error).message });
      }
      continue;
    }
    if (!m || m[1] !== prefix) {
      otherFiles.push(name);
      continue;
    }
    try {
      rooms.push({ roomId: Number(m[2]), file: name, users: parseRoomFile(await readFile(path, 'utf8')) });
    } catch (err) {
      problems.push({ file: name, problem: (err as Error).message });
    }
  }
  if (rooms.length === 0 && problems.length === 0) throw new BotpyseImportError(`no room data file of "${prefix.replace(/_/g, ' ')}" (${prefix}_room_<id>_data) in ${folder}`);
  const levels = new Map<string, number>();
  for (const r of rooms) {
    for (const u of r.users) {
      if (!u.level) continue;
      const known = levels.get(u.level.name);
      if (known !== undefined && known !== u.level.level) problems.push({ file: r.file, problem: `level "${u.level.name}" is ${u.level.level} here but ${known} elsewhere` });
      else levels.set(u.level.name, u.level.level);
    }
  }
  const byNumber = new Map<number, string>();
  for (const [name, level] of levels) {
    const other = byNumber.get(level);
    if (other !== undefined) problems.push({ file: '(all rooms)', problem: `levels "${other}" and "${name}" share the number ${level}` });
    byNumber.set(level, name);
  }
  if (problems.length > 0) {
    throw new BotpyseImportError(`${problems.length} file${problems.length === 1 ? '' : 's'} cannot be imported; nothing was written:\n${problems.map((p) => `  ${p.file}: ${p.problem}`).join('\n')}`, problems);
  }
  rooms.sort((a, b) => a.roomId - b.roomId);
  return {
    folder,
    botName: prefix.replace(/_/g, ' '),
    location,
    levels: [...levels].map(([name, level]) => ({ level, name })).sort((a, b) => a.level - b.level),
    rooms,
    otherFiles,
  };
}
