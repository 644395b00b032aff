import type { IncomingMessage, ServerResponse } from 'node:http';

/** A parsed request as handlers see it. */
export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  cookies: Record<string, string>;
  form: URLSearchParams;
  /** The raw request body (POST only). */
  body: string;
  raw: IncomingMessage;
}

/** A response to write. `cookies` are full Set-Cookie values. */
export interface Res {
  status: number;
  type?: 'json' | 'text' | 'html' | 'none';
  body?: string;
  headers?: Record<string, string>;
  cookies?: string[];
}

export type Handler = (req: Req, params: Record<string, string>) => Res | Promise<Res>;

interface Route {
  method: string;
  key: string;
  re: RegExp;
  names: string[];
  handler: Handler;
}

/** First-match router. Patterns: `:name` = integer segment, `:name?` = optional trailing segment (any text). */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    const names: string[] = [];
    let re = '';
    for (const seg of pattern.split('/').slice(1)) {
      if (seg.endsWith('?') && seg.startsWith(':')) {
        re += '(?:/[^/]*)?';
      } else if (seg.startsWith(':')) {
        names.push(seg.slice(1));
        re += '/(-?\\d+)';
      } else {
        re += `/${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      }
    }
    const key = `${method} ${pattern.replace(/\/:[a-z]+\?$/i, '') || '/'}`;
    this.routes.push({ method, key, re: new RegExp(`^${re || '/'}/?$`), names, handler });
    return this;
  }

  match(method: string, path: string): { key: string; params: Record<string, string>; handler: Handler } | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = m[i + 1]!));
      return { key: r.key, params, handler: r.handler };
    }
    return undefined;
  }
}

export class BodyTooLargeError extends Error {
  readonly code = 'BODY_TOO_LARGE';
}

/** Reads the request body, refusing more than `max` bytes. */
export async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw new BodyTooLargeError('request body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new BodyTooLargeError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    let value = part.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!(name in out)) out[name] = value;
  }
  return out;
}

export function writeRes(res: ServerResponse, r: Res): void {
  const headers: Record<string, string | string[]> = { ...(r.headers ?? {}) };
  const types = { json: 'application/json; charset=utf-8', text: 'text/plain; charset=utf-8', html: 'text/html; charset=utf-8' };
  if (r.type && r.type !== 'none') headers['Content-Type'] = types[r.type];
  if (r.cookies && r.cookies.length > 0) headers['Set-Cookie'] = r.cookies;
  headers['Cache-Control'] = 'private';
  const body = r.body ?? '';
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(r.status, headers);
  res.end(body);
}

export const json = (value: unknown, status = 200): Res => ({ status, type: 'json', body: JSON.stringify(value) });
/** A JSON-encoded string: `"ok"` with the quotes (spec §3). */
export const quoted = (s: string, status = 200): Res => ({ status, type: 'json', body: JSON.stringify(s) });
export const text = (body: string, status = 200): Res => ({ status, type: 'text', body });
export const html = (body: string, status = 200, cookies?: string[]): Res => (cookies ? { status, type: 'html', body, cookies } : { status, type: 'html', body });
export const redirect = (location: string, cookies?: string[]): Res => ({ status: 302, type: 'none', headers: { Location: location }, ...(cookies ? { cookies } : {}) });

/** Integer form field, or undefined when absent/malformed. */
export function intField(form: URLSearchParams, ...names: string[]): number | undefined {
  for (const [k, v] of form) {
    if (!names.some((n) => n.toLowerCase() === k.toLowerCase())) continue;
    if (/^-?\d+$/.test(v.trim())) return Number(v.trim());
    return undefined;
  }
  return undefined;
}
