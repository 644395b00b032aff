import path from 'node:path';
import { UnsafeNameError } from './errors.js';

const PLAIN = /^[A-Za-z0-9.]$/;
const MAX_NAME = 255;

/**
 * Checks a data file path relative to the data directory: POSIX separators, no empty, `.` or `..`
 * segment, not absolute, no NUL or backslash. Returns it unchanged or throws UnsafeNameError.
 */
export function checkRelativePath(rel: string): string {
  if (typeof rel !== 'string' || rel.length === 0) throw new UnsafeNameError('a data file path must be a non-empty string');
  if (rel.includes('\0') || rel.includes('\\')) throw new UnsafeNameError(`data file path ${JSON.stringify(rel)} contains NUL or a backslash`);
  if (rel.startsWith('/')) throw new UnsafeNameError(`data file path ${JSON.stringify(rel)} must be relative to the data directory`);
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') {
      throw new UnsafeNameError(`data file path ${JSON.stringify(rel)} has an empty, "." or ".." segment`);
    }
  }
  return rel;
}

/**
 * Maps a relative path to a Redunda file name (`[A-Za-z0-9_.]+`, at most 255 characters, never `.`
 * or `..`), reversibly: letters, digits and `.` stay, `_` becomes `__`, `/` becomes `_S`, and every
 * other UTF-8 byte becomes `_` + two lowercase hex digits. `notes/room_1.json` → `notes_Sroom__1.json`.
 */
export function encodeName(rel: string): string {
  checkRelativePath(rel);
  let out = '';
  for (const byte of Buffer.from(rel, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && PLAIN.test(ch)) out += ch;
    else if (ch === '_') out += '__';
    else if (ch === '/') out += '_S';
    else out += '_' + byte.toString(16).padStart(2, '0');
  }
  if (out.length > MAX_NAME) throw new UnsafeNameError(`data file path ${JSON.stringify(rel.slice(0, 60))}… maps to a Redunda name longer than ${MAX_NAME} characters`);
  return out;
}

/** Inverse of encodeName; throws UnsafeNameError for any name encodeName cannot produce. */
export function decodeName(name: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.]+$/.test(name) || name.length > MAX_NAME) {
    throw new UnsafeNameError(`${JSON.stringify(String(name).slice(0, 80))} is not a valid Redunda file name`);
  }
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c !== '_') {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const next = name[i + 1];
    if (next === '_') bytes.push(0x5f);
    else if (next === 'S') bytes.push(0x2f);
    else if (next !== undefined && /^[0-9a-f]{2}$/.test(name.slice(i + 1, i + 3))) {
      bytes.push(parseInt(name.slice(i + 1, i + 3), 16));
      i += 1;
    } else throw new UnsafeNameError(`${JSON.stringify(name)} has a malformed escape at ${i}`);
    i += 1;
  }
  let rel: string;
  try {
    rel = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw new UnsafeNameError(`${JSON.stringify(name)} does not decode to UTF-8`);
  }
  checkRelativePath(rel);
  if (encodeName(rel) !== name) throw new UnsafeNameError(`${JSON.stringify(name)} is not in canonical form`);
  return rel;
}

/** The absolute path of `rel` inside `dataDir`; throws UnsafeNameError if it would leave `dataDir`. */
export function resolveDataPath(dataDir: string, rel: string): string {
  checkRelativePath(rel);
  const root = path.resolve(dataDir);
  const full = path.resolve(root, rel);
  if (!full.startsWith(root + path.sep)) throw new UnsafeNameError(`data file path ${JSON.stringify(rel)} leaves the data directory`);
  return full;
}
