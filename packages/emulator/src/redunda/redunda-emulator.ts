import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { electPreferred } from './election.js';
import { errorPage } from './error-page.js';
import { storedEventHeaders } from './event-headers.js';
import { RedundaFaults, type RedundaFault, type RedundaRoute } from './redunda-faults.js';

/** Time source of the emulator (epoch milliseconds); inject one to jump minutes in a test. */
export interface RedundaClockLike {
  now(): number;
}

export interface RedundaEmulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  clock?: RedundaClockLike;
  /** Alive window of the election, strict comparison (default 180). */
  aliveWindowSeconds?: number;
  /** Status for downloading/deleting a name that is not stored: the real server answers 500 (default). */
  missingFileStatus?: 500 | 404;
}

export interface RedundaEmuInstance {
  id: number;
  botId: number;
  key: string;
  priority: number;
  owner: string;
  location: string;
  /** Epoch ms of the last ping, null if it never pinged. */
  lastPing: number | null;
  version: string;
}

export interface RedundaEmuFile {
  data: Buffer;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds; unchanged when identical bytes are uploaded again. */
  updated_at: number;
  sha256: string;
}

export interface RedundaEmuEvent {
  seq: number;
  name: string;
  isBroadcast: boolean;
  headers: Record<string, string>;
  content: string;
  /** Set for a bot-wide event. */
  botId: number | null;
  /** Set for a per-instance copy made by a broadcast. */
  instanceId: number | null;
}

export interface RedundaPingRecord {
  key: string;
  instanceId: number;
  /** Epoch ms (emulator clock). */
  time: number;
  version: string;
}

interface Bot {
  id: number;
  name: string;
  createdAt: number;
  updatedAt: number;
  files: Map<string, RedundaEmuFile>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

interface Reply {
  status: number;
  contentType: string | null;
  body: Buffer;
}

type Params = Record<string, string>;

const MAX_FILE_BYTES = 16_777_215;
const MAX_REQUEST_BYTES = MAX_FILE_BYTES + 1024 * 1024;
const NAME_RE = /^[A-Za-z0-9_.]+$/;
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';

/**
 * A loopback Redunda server (SOBotics/Redunda, the API of `redunda-api.md`): status pings with the
 * priority election, per-bot data files with SHA-256, consume-on-read events, the real status codes
 * and HTML error bodies, an injectable clock, an outage switch and per-route faults.
 */
export class RedundaEmulator {
  readonly faults = new RedundaFaults();
  readonly stats: { requests: number; byRoute: Record<string, number> } = { requests: 0, byRoute: {} };
  /** Status for a name that is not stored (download/delete); mutable at run time. */
  missingFileStatus: 500 | 404;
  /** Alive window in seconds; mutable at run time. */
  aliveWindowSeconds: number;

  private readonly clock: RedundaClockLike;
  private readonly bots = new Map<number, Bot>();
  private readonly instances = new Map<number, RedundaEmuInstance>();
  private readonly pingLog: RedundaPingRecord[] = [];
  private events: RedundaEmuEvent[] = [];
  private nextInstanceId = 1;
  private nextEventSeq = 1;
  private outage: 'off' | 'refuse' | 'reset' = 'off';
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private port = 0;
  private stopped = false;

  private constructor(
    private readonly server: Server,
    o: RedundaEmulatorOptions,
  ) {
    this.clock = o.clock ?? { now: () => Date.now() };
    this.aliveWindowSeconds = o.aliveWindowSeconds ?? 180;
    this.missingFileStatus = o.missingFileStatus ?? 500;
  }

  static async start(o: RedundaEmulatorOptions = {}): Promise<RedundaEmulator> {
    const server = createServer();
    const emu = new RedundaEmulator(server, o);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      emu.handle(req, res).catch(() => {
        if (!res.headersSent) emu.send(res, { status: 500, contentType: HTML_TYPE, body: Buffer.from(errorPage(500)) });
        else res.destroy();
      });
    });
    server.on('connection', (socket: Socket) => {
      if (emu.outage === 'reset') {
        socket.destroy();
        return;
      }
      emu.sockets.add(socket);
      socket.on('close', () => emu.sockets.delete(socket));
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    await emu.listen(o.port ?? 0);
    return emu;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ---------------------------------------------------------------- world

  addBot(b: { id: number; name: string }): void {
    if (this.bots.has(b.id)) throw new Error(`bot ${b.id} already exists`);
    const now = this.clock.now();
    this.bots.set(b.id, { id: b.id, name: b.name, createdAt: now, updatedAt: now, files: new Map() });
  }

  /** Adds an instance; an unknown `botId` creates the bot (named `Bot <id>`). Priority defaults to the instance id. */
  addInstance(i: { botId: number; key?: string; priority?: number; owner?: string; location?: string }): { key: string; id: number } {
    if (!this.bots.has(i.botId)) this.addBot({ id: i.botId, name: `Bot ${i.botId}` });
    const key = i.key ?? randomBytes(32).toString('hex');
    if (key.length === 0) throw new Error('instance key must not be empty');
    if (this.findByKey(key)) throw new Error('an instance with this key already exists');
    const id = this.nextInstanceId++;
    this.instances.set(id, {
      id,
      botId: i.botId,
      key,
      priority: i.priority ?? id,
      owner: i.owner ?? 'Alice',
      location: i.location ?? 'local',
      lastPing: null,
      version: 'unspecified',
    });
    return { key, id };
  }

  /** Regenerates an instance's key (the web UI's "revoke key"); the old key gets 404 from then on. */
  revokeKey(key: string): string {
    const inst = this.findByKey(key);
    if (!inst) throw new Error('no instance has this key');
    inst.key = randomBytes(32).toString('hex');
    return inst.key;
  }

  /** Gives the listed instances the bot's priorities in this order (first = preferred). */
  reorder(botId: number, keysInOrder: string[]): void {
    const listed = keysInOrder.map((k) => {
      const inst = this.findByKey(k);
      if (!inst || inst.botId !== botId) throw new Error(`reorder: a key does not belong to bot ${botId}`);
      return inst;
    });
    if (new Set(listed).size !== listed.length) throw new Error('reorder: duplicate key');
    const priorities = listed.map((i) => i.priority).sort((a, b) => a - b);
    listed.forEach((inst, idx) => {
      inst.priority = priorities[idx]!;
    });
  }

  /** Sets one instance's priority directly. */
  setPriority(key: string, priority: number): void {
    const inst = this.findByKey(key);
    if (!inst) throw new Error('no instance has this key');
    inst.priority = priority;
  }

  /**
   * Outage switch. `'refuse'` (default) stops listening, so connections are refused; `'reset'` accepts
   * and immediately drops every connection. Open connections are dropped in both modes. Resolves when
   * the switch has taken effect.
   */
  async setOutage(on: boolean, mode: 'refuse' | 'reset' = 'refuse'): Promise<void> {
    if (this.stopped) return;
    if (on) {
      if (this.outage !== 'off') {
        if (this.outage === mode) return;
        await this.setOutage(false);
      }
      this.outage = mode;
      this.dropConnections();
      if (mode === 'refuse') await this.closeServer();
    } else {
      const was = this.outage;
      this.outage = 'off';
      if (was === 'refuse') await this.listen(this.port);
    }
  }

  get outageMode(): 'off' | 'refuse' | 'reset' {
    return this.outage;
  }

  // ---------------------------------------------------------------- inspection

  pings(): RedundaPingRecord[] {
    return this.pingLog.map((p) => ({ ...p }));
  }

  /** Copies of the bot's stored files (name → entry), in storage order. */
  files(botId: number): Map<string, RedundaEmuFile> {
    const bot = this.requireBot(botId);
    return new Map([...bot.files].map(([k, v]) => [k, { ...v, data: Buffer.from(v.data) }]));
  }

  /** Seeds a stored file as if an instance had uploaded it now. */
  putFile(botId: number, name: string, data: Buffer | string): void {
    this.store(this.requireBot(botId), name, Buffer.isBuffer(data) ? data : Buffer.from(data));
  }

  deleteFile(botId: number, name: string): boolean {
    return this.requireBot(botId).files.delete(name);
  }

  postEvent(botId: number, name: string, content: string, o: { broadcast?: boolean; headers?: Record<string, string> } = {}): void {
    this.requireBot(botId);
    this.addEvent(botId, name, content, o.headers ?? {}, o.broadcast === true);
  }

  /** Undelivered events of the bot: bot-wide ones plus the per-instance copies of its instances. */
  pendingEvents(botId: number): number {
    return this.pendingEventList(botId).length;
  }

  pendingEventList(botId: number): RedundaEmuEvent[] {
    const ids = new Set(this.instancesOf(botId).map((i) => i.id));
    return this.events
      .filter((e) => e.botId === botId || (e.instanceId !== null && ids.has(e.instanceId)))
      .map((e) => ({ ...e, headers: { ...e.headers } }));
  }

  instanceList(botId: number): RedundaEmuInstance[] {
    return this.instancesOf(botId).map((i) => ({ ...i }));
  }

  /** The preferred instance as the dashboard computes it now (no ping), or null if the bot has none. */
  preferredInstance(botId: number): number | null {
    return electPreferred(this.instancesOf(botId), this.clock.now(), this.aliveWindowSeconds * 1000);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dropConnections();
    if (this.server.listening) await this.closeServer();
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { route, params } = matchRoute(req.method ?? 'GET', url.pathname);
    this.stats.requests += 1;
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;

    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (body === null) {
      this.send(res, html(500, 'request body too large'));
      req.socket.destroy();
      return;
    }
    const fault = this.faults.take(route);
    if (fault?.kind === 'hang') return; // never answered; dropped on stop or when the client gives up
    if (fault?.kind === 'destroy') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay') await this.sleep(fault.ms);
    if (this.stopped) return;
    let reply: Reply;
    if (fault?.kind === 'fail') {
      reply = { status: fault.status, contentType: HTML_TYPE, body: Buffer.from(fault.body ?? errorPage(fault.status)) };
    } else {
      try {
        reply = this.route(route, params, url, req, body);
      } catch (err) {
        if (!(err instanceof HttpFailure)) throw err;
        reply = html(err.status, err.message);
      }
    }
    await this.deliver(res, reply, fault);
  }

  private route(route: RedundaRoute, p: Params, url: URL, req: IncomingMessage, body: Buffer): Reply {
    switch (route) {
      case 'POST /status.json':
        return this.statusPing(this.params(url, req, body));
      case 'GET /bots/data.json':
        return this.listData(this.params(url, req, body));
      case 'GET /bots/data/:name':
        return this.getData(this.params(url, req, body), p.name!);
      case 'POST /bots/data/:name':
        return this.postData(this.params(url, req, body), p.name!, body);
      case 'DELETE /bots/data/:name':
        return this.removeData(this.params(url, req, body), p.name!);
      case 'POST /events.json':
        return this.showEvents(this.params(url, req, body));
      case 'POST /bots/:bot/events/:event':
        return this.addEventRoute(p.bot!, p.event!, this.params(url, req, body), req, body);
      case 'GET /bots.json':
        return json([...this.bots.values()].map((b) => this.botJson(b)));
      case 'GET /bots/:bot.json': {
        const bot = this.bots.get(Number(p.bot));
        if (!bot) throw new HttpFailure(404, "Couldn't find Bot");
        return json(this.botJson(bot));
      }
      case 'unmatched':
        throw new HttpFailure(404, 'No route matches');
    }
  }

  private statusPing(params: Params): Reply {
    const inst = this.authenticate(params);
    const version = params.version ?? 'unspecified';
    if (version.length > 255) throw new HttpFailure(500, 'version too long');
    const now = this.clock.now();
    inst.lastPing = now;
    inst.version = version;
    this.pingLog.push({ key: inst.key, instanceId: inst.id, time: now, version });
    const preferred = electPreferred(this.instancesOf(inst.botId), now, this.aliveWindowSeconds * 1000);
    return json({
      should_standby: preferred !== inst.id,
      location: `${inst.owner}/${inst.location}`,
      event_count: this.eventsFor(inst).length,
    });
  }

  private listData(params: Params): Reply {
    const bot = this.requireBot(this.authenticate(params).botId);
    return json(
      [...bot.files].map(([key, f]) => ({ key, created_at: f.created_at, updated_at: f.updated_at, sha256: f.sha256 })),
    );
  }

  private getData(params: Params, name: string): Reply {
    const bot = this.requireBot(this.authenticate(params).botId);
    const file = bot.files.get(name);
    if (!file) throw new HttpFailure(this.missingFileStatus, "undefined method `data' for nil:NilClass");
    return { status: 200, contentType: 'application/octet-stream', body: Buffer.from(file.data) };
  }

  private postData(params: Params, name: string, body: Buffer): Reply {
    const bot = this.requireBot(this.authenticate(params).botId);
    if (name.length > 255 || body.length > MAX_FILE_BYTES) throw new HttpFailure(500, 'Data too long');
    this.store(bot, name, body);
    return noContent();
  }

  private removeData(params: Params, name: string): Reply {
    const bot = this.requireBot(this.authenticate(params).botId);
    if (!bot.files.delete(name)) throw new HttpFailure(this.missingFileStatus, "undefined method `destroy' for nil:NilClass");
    return noContent();
  }

  private showEvents(params: Params): Reply {
    const inst = this.authenticate(params);
    const rendered = this.eventsFor(inst);
    const gone = new Set(rendered.map((e) => e.seq));
    this.events = this.events.filter((e) => !gone.has(e.seq));
    return json(rendered.map((e) => ({ name: e.name, is_broadcast: e.isBroadcast, headers: e.headers, content: e.content })));
  }

  private addEventRoute(botId: string, eventName: string, params: Params, req: IncomingMessage, body: Buffer): Reply {
    const bot = this.bots.get(Number(botId));
    if (!bot) throw new HttpFailure(404, "Couldn't find Bot");
    const name = eventName.split('.')[0]!;
    this.addEvent(bot.id, name, body.toString('utf8'), storedEventHeaders(req.headers), params.broadcast !== undefined);
    return noContent();
  }

  // ---------------------------------------------------------------- helpers

  private addEvent(botId: number, name: string, content: string, headers: Record<string, string>, broadcast: boolean): void {
    if (!broadcast) {
      this.events.push({ seq: this.nextEventSeq++, name, isBroadcast: false, headers, content, botId, instanceId: null });
      return;
    }
    for (const inst of this.instancesOf(botId)) {
      this.events.push({ seq: this.nextEventSeq++, name, isBroadcast: true, headers: { ...headers }, content, botId: null, instanceId: inst.id });
    }
  }

  private eventsFor(inst: RedundaEmuInstance): RedundaEmuEvent[] {
    return this.events.filter((e) => e.botId === inst.botId || e.instanceId === inst.id);
  }

  private store(bot: Bot, name: string, data: Buffer): void {
    const nowS = Math.floor(this.clock.now() / 1000);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const existing = bot.files.get(name);
    if (existing) {
      if (existing.data.equals(data)) return; // Rails skips a save without changes: updated_at stays
      existing.data = Buffer.from(data);
      existing.sha256 = sha256;
      existing.updated_at = nowS;
    } else {
      bot.files.set(name, { data: Buffer.from(data), created_at: nowS, updated_at: nowS, sha256 });
    }
  }

  /** Rails params: query string merged with a form or JSON body (the body wins). */
  private params(url: URL, req: IncomingMessage, body: Buffer): Params {
    const out: Params = {};
    for (const [k, v] of url.searchParams) out[k] = v;
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/x-www-form-urlencoded') {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) out[k] = v;
    } else if (type === 'application/json' && body.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpFailure(400, 'Error occurred while parsing request parameters');
      }
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
          if (v !== null && v !== undefined) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
        }
      }
    }
    return out;
  }

  private authenticate(params: Params): RedundaEmuInstance {
    const inst = params.key === undefined ? undefined : this.findByKey(params.key);
    if (!inst) throw new HttpFailure(404, "Couldn't find BotInstance");
    return inst;
  }

  private findByKey(key: string): RedundaEmuInstance | undefined {
    for (const inst of this.instances.values()) if (inst.key === key) return inst;
    return undefined;
  }

  private instancesOf(botId: number): RedundaEmuInstance[] {
    return [...this.instances.values()].filter((i) => i.botId === botId);
  }

  private requireBot(botId: number): Bot {
    const bot = this.bots.get(botId);
    if (!bot) throw new Error(`no bot ${botId}`);
    return bot;
  }

  private botJson(b: Bot): object {
    return {
      id: b.id,
      name: b.name,
      created_at: new Date(b.createdAt).toISOString(),
      updated_at: new Date(b.updatedAt).toISOString(),
      url: `${this.origin}/bots/${b.id}.json`,
    };
  }

  private async deliver(res: ServerResponse, reply: Reply, fault: RedundaFault | undefined): Promise<void> {
    if (fault?.kind === 'truncate' && reply.body.length > 0) {
      res.writeHead(reply.status, this.headers(reply));
      res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)));
      await this.sleep(5);
      res.destroy();
      return;
    }
    if (fault?.kind === 'slow' && reply.body.length > 0) {
      res.writeHead(reply.status, this.headers(reply));
      const steps = Math.min(10, reply.body.length);
      const size = Math.ceil(reply.body.length / steps);
      for (let off = 0; off < reply.body.length; off += size) {
        if (this.stopped || res.destroyed) return;
        res.write(reply.body.subarray(off, off + size));
        await this.sleep(fault.ms / steps);
      }
      res.end();
      return;
    }
    this.send(res, reply);
  }

  private send(res: ServerResponse, reply: Reply): void {
    if (res.destroyed) return;
    res.writeHead(reply.status, this.headers(reply));
    res.end(reply.body);
  }

  private headers(reply: Reply): Record<string, string | number> {
    const h: Record<string, string | number> = { 'Content-Length': reply.body.length };
    if (reply.contentType) h['Content-Type'] = reply.contentType;
    if (reply.status === 204) delete h['Content-Length'];
    return h;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.server.closeAllConnections();
  }

  private closeServer(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }
}

function matchRoute(method: string, path: string): { route: RedundaRoute; params: Params } {
  const m = method.toUpperCase();
  if (path === '/status.json' && m === 'POST') return { route: 'POST /status.json', params: {} };
  if (path === '/events.json' && m === 'POST') return { route: 'POST /events.json', params: {} };
  if (path === '/bots/data.json' && m === 'GET') return { route: 'GET /bots/data.json', params: {} };
  if (path === '/bots.json' && m === 'GET') return { route: 'GET /bots.json', params: {} };
  const data = /^\/bots\/data\/([^/]+)$/.exec(path);
  if (data && NAME_RE.test(data[1]!)) {
    if (m === 'GET') return { route: 'GET /bots/data/:name', params: { name: data[1]! } };
    if (m === 'POST') return { route: 'POST /bots/data/:name', params: { name: data[1]! } };
    if (m === 'DELETE') return { route: 'DELETE /bots/data/:name', params: { name: data[1]! } };
  }
  const ev = /^\/bots\/([^/]+)\/events\/([^/]+)$/.exec(path);
  if (ev && m === 'POST') return { route: 'POST /bots/:bot/events/:event', params: { bot: ev[1]!, event: ev[2]! } };
  const show = /^\/bots\/(\d+)\.json$/.exec(path);
  if (show && m === 'GET') return { route: 'GET /bots/:bot.json', params: { bot: show[1]! } };
  return { route: 'unmatched', params: {} };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(value: unknown): Reply {
  return { status: 200, contentType: JSON_TYPE, body: Buffer.from(JSON.stringify(value)) };
}

function html(status: number, detail: string): Reply {
  return { status, contentType: HTML_TYPE, body: Buffer.from(errorPage(status, detail)) };
}

function noContent(): Reply {
  return { status: 204, contentType: null, body: Buffer.alloc(0) };
}
