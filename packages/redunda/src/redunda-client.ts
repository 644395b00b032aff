import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got, type Method } from 'got';
import type { Logger } from 'pino';
import { BadKeyError, FileTooLargeError, RedundaError, RedundaHttpError, RedundaProtocolError, RedundaUnavailableError, UnsafeNameError, type RedundaFailureKind } from './errors.js';
import { redact } from './redact.js';

export interface RedundaClientOptions {
  /** The instance key (64 hex characters on the real server). Never logged, never in an error message. */
  key: string;
  /** Sent with every ping; a git SHA or a SemVer string (Redunda links both). Default: none (`unspecified`). */
  version?: string;
  /** Default https://redunda.sobotics.org */
  origin?: string;
  /** Per-request timeout in ms, after which the request is aborted (default 10000). */
  timeoutMs?: number;
  logger?: Logger;
  userAgent?: string;
}

export interface RedundaStatus {
  shouldStandby: boolean;
  location: string;
  eventCount: number;
}

export interface RedundaFileEntry {
  key: string;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds. */
  updatedAt: number;
  sha256: string;
}

export interface RedundaEventData {
  name: string;
  isBroadcast: boolean;
  headers: Record<string, string>;
  content: string;
}

export interface RedundaRequestOptions {
  /** Aborts the request (e.g. on shutdown). */
  signal?: AbortSignal;
}

/** Redunda stores names matching this (route constraint `[\w\.]+`). */
export const REDUNDA_NAME_RE = /^[A-Za-z0-9_.]+$/;
export const REDUNDA_MAX_FILE_BYTES = 16_777_215;

const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO|HOSTNAME_MISMATCH)/;

interface RawResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * HTTP client for Redunda's instance API (status ping, data files, events). Stateless apart from
 * its options; the key is kept in a private field and redacted from everything this client reports.
 */
export class RedundaClient {
  readonly #key: string;
  readonly origin: string;
  readonly version: string | undefined;
  readonly timeoutMs: number;
  private readonly http: Got;
  private readonly logger: Logger | undefined;

  constructor(o: RedundaClientOptions) {
    if (typeof o.key !== 'string' || o.key.trim().length === 0) throw new RedundaError('Redunda instance key is missing or empty', 'BAD_KEY');
    this.#key = o.key;
    this.origin = (o.origin ?? 'https://redunda.sobotics.org').replace(/\/+$/, '');
    this.version = o.version;
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.logger = o.logger?.child({ component: 'redunda-client' });
    this.http = got.extend({
      throwHttpErrors: false,
      retry: { limit: 0 },
      followRedirect: false,
      timeout: { request: this.timeoutMs },
      responseType: 'buffer',
      // A fresh connection per request: pings are 30 s apart, and reusing an idle keep-alive socket the
      // server (or a proxy) has already dropped fails with ECONNRESET.
      agent: { http: new HttpAgent({ keepAlive: false }), https: new HttpsAgent({ keepAlive: false }) },
      headers: { 'user-agent': o.userAgent ?? 'botpy-ts-redunda/0.1' },
    });
  }

  /** Redacts this client's key from any text (for callers that format errors of their own). */
  redact(text: string): string {
    return redact(text, this.#key);
  }

  /** `POST /status.json`: stamps this instance alive and returns whether it should stand by. */
  async ping(o: RedundaRequestOptions = {}): Promise<RedundaStatus> {
    const op = 'status ping';
    const form: Record<string, string> = { key: this.#key };
    if (this.version !== undefined) form.version = this.version;
    const res = this.expectOk(op, await this.request(op, 'POST', '/status.json', { form, signal: o.signal }));
    const v = this.parseJson(op, res) as Record<string, unknown>;
    if (v === null || typeof v !== 'object' || Array.isArray(v) || typeof v.should_standby !== 'boolean' || typeof v.location !== 'string' || typeof v.event_count !== 'number') {
      throw new RedundaProtocolError(op, 'expected {should_standby: boolean, location: string, event_count: number}');
    }
    return { shouldStandby: v.should_standby, location: v.location, eventCount: v.event_count };
  }

  /** `GET /bots/data.json`: every file stored for this bot. */
  async listFiles(o: RedundaRequestOptions = {}): Promise<RedundaFileEntry[]> {
    const op = 'file list';
    const res = this.expectOk(op, await this.request(op, 'GET', '/bots/data.json', { query: true, signal: o.signal }));
    const v = this.parseJson(op, res);
    if (!Array.isArray(v)) throw new RedundaProtocolError(op, 'expected an array');
    return v.map((e: unknown) => {
      const r = e as Record<string, unknown>;
      if (r === null || typeof r !== 'object' || typeof r.key !== 'string' || typeof r.sha256 !== 'string' || typeof r.created_at !== 'number' || typeof r.updated_at !== 'number') {
        throw new RedundaProtocolError(op, 'expected entries {key, created_at, updated_at, sha256}');
      }
      return { key: r.key, createdAt: r.created_at, updatedAt: r.updated_at, sha256: r.sha256.toLowerCase() };
    });
  }

  /** `GET /bots/data/{name}`: the stored bytes, or null when the name is not stored (Redunda answers 500). */
  async download(name: string, o: RedundaRequestOptions = {}): Promise<Buffer | null> {
    checkName(name);
    const op = `download of ${name}`;
    const res = await this.request(op, 'GET', `/bots/data/${name}`, { query: true, signal: o.signal });
    if (res.status === 500) return null;
    this.expectOk(op, res);
    if (!res.contentType.startsWith('application/octet-stream')) {
      throw new RedundaProtocolError(op, `content type ${res.contentType || '(none)'} instead of application/octet-stream`);
    }
    return res.body;
  }

  /** `POST /bots/data/{name}`: create or replace, sent as application/octet-stream with a Content-Length. */
  async upload(name: string, data: Buffer, o: RedundaRequestOptions = {}): Promise<void> {
    checkName(name);
    if (data.length > REDUNDA_MAX_FILE_BYTES) throw new FileTooLargeError(name, data.length);
    const op = `upload of ${name}`;
    this.expectOk(op, await this.request(op, 'POST', `/bots/data/${name}`, { query: true, body: data, signal: o.signal }));
  }

  /** `DELETE /bots/data/{name}`: true if it was stored, false if it was not (Redunda answers 500). */
  async remove(name: string, o: RedundaRequestOptions = {}): Promise<boolean> {
    checkName(name);
    const op = `removal of ${name}`;
    const res = await this.request(op, 'DELETE', `/bots/data/${name}`, { query: true, signal: o.signal });
    if (res.status === 500) return false;
    this.expectOk(op, res);
    return true;
  }

  /** `POST /events.json`: fetches and thereby consumes the pending events (at most once). */
  async events(o: RedundaRequestOptions = {}): Promise<RedundaEventData[]> {
    const op = 'event fetch';
    const res = this.expectOk(op, await this.request(op, 'POST', '/events.json', { form: { key: this.#key }, signal: o.signal }));
    const v = this.parseJson(op, res);
    if (!Array.isArray(v)) throw new RedundaProtocolError(op, 'expected an array');
    return v.map((e: unknown) => {
      const r = e as Record<string, unknown>;
      if (r === null || typeof r !== 'object' || typeof r.name !== 'string' || typeof r.content !== 'string') {
        throw new RedundaProtocolError(op, 'expected events {name, is_broadcast, headers, content}');
      }
      const headers: Record<string, string> = {};
      if (r.headers !== null && typeof r.headers === 'object') {
        for (const [k, hv] of Object.entries(r.headers as Record<string, unknown>)) if (typeof hv === 'string') headers[k] = hv;
      }
      return { name: r.name, isBroadcast: r.is_broadcast === true, headers, content: r.content };
    });
  }

  private async request(
    op: string,
    method: Method,
    path: string,
    o: { query?: boolean; form?: Record<string, string>; body?: Buffer; signal?: AbortSignal | undefined },
  ): Promise<RawResponse> {
    const started = Date.now();
    try {
      const res = await this.http(`${this.origin}${path}`, {
        method,
        searchParams: o.query ? { key: this.#key } : undefined,
        form: o.form,
        body: o.body,
        headers: o.body ? { 'content-type': 'application/octet-stream' } : undefined,
        signal: o.signal,
      });
      const body = res.body as unknown as Buffer;
      this.logger?.debug({ op, status: res.statusCode, ms: Date.now() - started, bytes: body.length }, 'redunda request');
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? '').toLowerCase(), body };
    } catch (err) {
      const e = err as { code?: string; name?: string; message?: string };
      const kind = o.signal?.aborted ? 'aborted' : classify(e);
      const detail = this.redact(e.code ?? e.name ?? 'error');
      this.logger?.debug({ op, kind, code: detail, ms: Date.now() - started }, 'redunda request failed');
      throw new RedundaUnavailableError(op, kind, detail);
    }
  }

  private expectOk(op: string, res: RawResponse): RawResponse {
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 404) throw new BadKeyError(op);
    if (res.status >= 500) throw new RedundaUnavailableError(op, 'http', `HTTP ${res.status}`, res.status);
    throw new RedundaHttpError(op, res.status);
  }

  private parseJson(op: string, res: RawResponse): unknown {
    if (!res.contentType.startsWith('application/json')) {
      throw new RedundaProtocolError(op, `content type ${res.contentType || '(none)'} instead of application/json (a proxy or captive portal?)`);
    }
    try {
      return JSON.parse(res.body.toString('utf8'));
    } catch {
      throw new RedundaProtocolError(op, 'body is not valid JSON');
    }
  }
}

function classify(e: { code?: string; name?: string }): RedundaFailureKind {
  const code = e.code ?? '';
  if (e.name === 'AbortError' || code === 'ERR_ABORTED' || code === 'ABORT_ERR') return 'aborted';
  if (code === 'ETIMEDOUT' || e.name === 'TimeoutError') return 'timeout';
  if (TLS_CODES.test(code)) return 'tls';
  if (code === 'ERR_BODY_PARSE_FAILURE' || code === 'ERR_NON_2XX_3XX_RESPONSE') return 'protocol';
  return 'network';
}

function checkName(name: string): void {
  if (typeof name !== 'string' || !REDUNDA_NAME_RE.test(name) || name.length > 255 || name === '.' || name === '..') {
    throw new UnsafeNameError(`Redunda file names must match [A-Za-z0-9_.]+, be at most 255 characters and not be "." or ".."; got ${JSON.stringify(String(name).slice(0, 80))}`);
  }
}
