import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildChatRouter } from './chat-routes.js';
import { DEMO_PRESENT, DEMO_WORLD } from './demo-world.js';
import { Faults } from './faults.js';
import { BodyTooLargeError, html, parseCookies, readBody, text, writeRes, type Res, type Router } from './http-kit.js';
import { buildLoginRouter } from './login-site.js';
import { Sessions } from './sessions.js';
import { SocketHub } from './socket-hub.js';
import { defaultPolicies, systemClock, type ChatPolicies, type Clock, type ServerName, type WorldFile } from './types.js';
import { World } from './world.js';
import { BrowserFeed, FEED_PATH, mountBrowserPage, type QuestionPoster } from './browser-page.js';
import { BotInspector } from './bot-inspector.js';

export interface ChatEmulatorOptions {
  /** Chat server port on 127.0.0.1 (0 = any free port). */
  port?: number;
  /** Login site port on 127.0.0.1 (0 = any free port). */
  loginPort?: number;
  server?: ServerName;
  policies?: Partial<ChatPolicies>;
  clock?: Clock;
  world?: WorldFile | 'demo' | 'empty';
  /**
   * Serve HTTPS and WSS with this key and certificate (PEM) instead of plain HTTP and WS, as real
   * chat does; clients must trust the certificate (`ca` of the chat client, or NODE_EXTRA_CA_CERTS).
   */
  tls?: { key: string | Buffer; cert: string | Buffer };
}

export interface ChatEmulatorStats {
  passwordLogins: number;
  loginPageGets: number;
  requests: number;
  byRoute: Record<string, number>;
}

/** Route key of socket upgrades (stats.byRoute, faults.failNext). */
export const WS_ROUTE = 'WS /events/:room/:token';

/**
 * A loopback Stack Exchange chat server plus its Q&A login site (spec §2–§8, §10), with a
 * scriptable world and fault injection.
 */
export class ChatEmulator {
  readonly server: ServerName;
  readonly policies: ChatPolicies;
  readonly world: World;
  readonly faults: Faults;
  /** What the bot reported doing with each message (`botpy dev`'s dev channel); shown on the page. */
  readonly inspector: BotInspector;
  readonly stats: ChatEmulatorStats = { passwordLogins: 0, loginPageGets: 0, requests: 0, byRoute: {} };
  private readonly clock: Clock;
  private readonly sessions = new Sessions();
  private readonly hub: SocketHub;
  private readonly feed: BrowserFeed;
  private readonly chatHttp: Server;
  private readonly loginHttp: Server;
  private readonly scheme: 'http' | 'https';
  private chatPort = 0;
  private loginPortNo = 0;
  private stopped = false;
  private seApi: QuestionPoster | null = null;

  private constructor(o: ChatEmulatorOptions) {
    this.server = o.server ?? 'stackoverflow';
    this.clock = o.clock ?? systemClock;
    this.policies = { ...defaultPolicies(), ...(o.policies ?? {}) };
    this.world = new World({ clock: this.clock, policies: () => this.policies });
    loadWorld(this.world, o.world ?? 'demo');
    this.hub = new SocketHub({
      world: this.world,
      sessions: this.sessions,
      clock: this.clock,
      policies: () => this.policies,
      silenced: () => this.faults.silenced,
      allowedOrigins: () => [this.origin, `https://chat.${this.server === 'meta' ? 'meta.stackexchange' : this.server}.com`],
      onUpgradeCounted: () => this.count(WS_ROUTE),
      socketLifetime: () => this.faults.newSocketLifetime,
    });
    this.faults = new Faults(this.hub, this.sessions);
    const chatRouter = buildChatRouter({
      world: this.world,
      sessions: this.sessions,
      clock: this.clock,
      policies: this.policies,
      server: this.server,
      cookieName: this.server === 'stackexchange' ? 'sechatusr' : 'chatusr',
      origin: () => this.origin,
      loginOrigin: () => this.loginOrigin,
    });
    this.inspector = new BotInspector(this.world);
    mountBrowserPage(chatRouter, this.world, { policies: () => this.policies, clock: this.clock, inspector: this.inspector, questions: () => this.seApi });
    this.feed = new BrowserFeed(this.world, this.inspector);
    const loginRouter = buildLoginRouter({ world: this.world, sessions: this.sessions, policies: this.policies, server: this.server, stats: this.stats });
    this.scheme = o.tls ? 'https' : 'http';
    const serve = (fn: (req: IncomingMessage, res: ServerResponse) => void): Server =>
      o.tls ? (createTlsServer({ key: o.tls.key, cert: o.tls.cert }, fn) as unknown as Server) : createServer(fn);
    this.chatHttp = serve((req, res) => void this.handle(chatRouter, req, res, ''));
    this.loginHttp = serve((req, res) => void this.handle(loginRouter, req, res, 'login '));
    this.chatHttp.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      if ((req.url ?? '').split('?')[0] === FEED_PATH) {
        this.count(`WS ${FEED_PATH}`);
        this.feed.handleUpgrade(req, socket, head);
        return;
      }
      const outage = this.faults.takeOutage();
      if (outage) {
        this.count(WS_ROUTE);
        if (outage.kind === 'reset') return void socket.destroy();
        if (outage.kind === 'hang') return void outage.over.then(() => socket.destroy());
        socket.end(`HTTP/1.1 ${outage.status} Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      const failure = this.faults.takeFailure(WS_ROUTE);
      if (failure) {
        socket.end(`HTTP/1.1 ${failure.status} Injected\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      this.hub.handleUpgrade(req, socket, head);
    });
  }

  static async start(o: ChatEmulatorOptions = {}): Promise<ChatEmulator> {
    const emu = new ChatEmulator(o);
    emu.chatPort = await listen(emu.chatHttp, o.port ?? 0);
    try {
      emu.loginPortNo = await listen(emu.loginHttp, o.loginPort ?? 0);
    } catch (err) {
      await emu.stop();
      throw err;
    }
    return emu;
  }

  /** Chat server origin, e.g. `http://127.0.0.1:4280` (`https://…` with the `tls` option). */
  get origin(): string {
    return `${this.scheme}://127.0.0.1:${this.chatPort}`;
  }

  /** Q&A login site origin (another port on 127.0.0.1; cookies are shared across ports). */
  get loginOrigin(): string {
    return `${this.scheme}://127.0.0.1:${this.loginPortNo}`;
  }

  /** Lets the browser page post questions to an SE API emulator (`SeApiEmulator`); null detaches it. */
  attachSeApi(se: QuestionPoster | null): void {
    this.seApi = se;
  }

  /** Number of open chat sockets. */
  get socketCount(): number {
    return this.hub.count;
  }

  /** Number of open chat sockets of one account (e.g. the bot's: it is listening). */
  socketCountOf(userId: number): number {
    return this.hub.countOf(userId);
  }

  /**
   * Every secret this emulator has issued and still honours, plus (through `fn`) every one it issues
   * later: acct tokens, chat cookies, fkeys and single-use socket tokens. For tests that scan logs.
   */
  watchSecrets(fn: (secret: string) => void): () => void {
    for (const s of this.sessions.liveSecrets()) fn(s);
    return this.sessions.onSecret(fn);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.faults.reset();
    await this.hub.close();
    await this.feed.close();
    await Promise.all([closeServer(this.chatHttp), closeServer(this.loginHttp)]);
  }

  private count(key: string): void {
    this.stats.requests++;
    this.stats.byRoute[key] = (this.stats.byRoute[key] ?? 0) + 1;
  }

  private async handle(router: Router, req: IncomingMessage, res: ServerResponse, site: string): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const route = router.match(method === 'HEAD' ? 'GET' : method, url.pathname);
      if (!route) {
        this.count(`${site}${method} (unknown)`);
        req.resume();
        return writeRes(res, html('<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Page not found</h1></body></html>', 404));
      }
      const key = route.key === 'GET /' && site ? 'login GET /' : route.key;
      this.count(key);
      const outage = this.faults.takeOutage(site ? 'login' : 'chat');
      if (outage) {
        req.resume();
        if (outage.kind === 'reset') return void res.socket?.destroy();
        if (outage.kind === 'hang') {
          await outage.over;
          return void res.socket?.destroy();
        }
        return writeRes(res, { ...html(OUTAGE_PAGE, outage.status), headers: { 'Retry-After': '30' } });
      }
      const delay = this.faults.takeDelay(key);
      if (delay > 0) await sleep(delay);
      const huge = this.faults.takeHuge(key);
      if (huge) {
        req.resume();
        return streamHuge(res, huge.bytes, huge.chunked);
      }
      const failure = this.faults.takeFailure(key);
      if (failure) {
        req.resume();
        return writeRes(res, { status: failure.status, type: 'text', body: failure.body });
      }
      let body = '';
      if (method === 'POST') {
        try {
          body = await readBody(req, this.policies.maxBodyBytes);
        } catch (err) {
          if (err instanceof BodyTooLargeError) {
            writeRes(res, { ...html('<!DOCTYPE html><html><head><title>Request too large</title></head><body><h1>413 Request Entity Too Large</h1></body></html>', 413), headers: { Connection: 'close' } });
            req.destroy();
            return;
          }
          throw err;
        }
      }
      const result: Res = await route.handler(
        { method, path: url.pathname, query: url.searchParams, headers: req.headers, cookies: parseCookies(req.headers.cookie), form: new URLSearchParams(body), body, raw: req },
        route.params,
      );
      writeRes(res, method === 'HEAD' ? { ...result, body: '' } : result);
    } catch {
      if (!res.headersSent) writeRes(res, text('An internal error occurred.', 500));
      else res.destroy();
    }
  }
}

const OUTAGE_PAGE = '<!DOCTYPE html><html><head><title>Stack Exchange is offline</title></head><body><h1>Service Unavailable</h1><p>This site is currently offline for maintenance.</p></body></html>';

/** A 200 HTML answer of `bytes` bytes, written chunk by chunk as the peer reads it. */
function streamHuge(res: ServerResponse, bytes: number, chunked: boolean): void {
  const chunk = Buffer.alloc(64 * 1024, '<p>filler</p>\n');
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...(chunked ? {} : { 'Content-Length': String(bytes) }) });
  let left = bytes;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => (left = 0));
  pump();
}

/** Populates `world` from a world file, the demo world, or nothing. */
export function loadWorld(world: World, w: WorldFile | 'demo' | 'empty'): void {
  if (w === 'empty') return;
  const file = w === 'demo' ? DEMO_WORLD : w;
  for (const u of file.users) world.addUser(u);
  for (const r of file.rooms) world.addRoom(r);
  if (w === 'demo') for (const [u, r] of DEMO_PRESENT) world.markPresent(u, r);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
