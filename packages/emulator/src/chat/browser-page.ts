import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { EmulatorError } from './emulator-error.js';
import { html, json, type Req, type Res, type Router } from './http-kit.js';
import { BROWSER_PAGE_HTML } from './browser-page-html.js';
import { BrowserPageActions } from './browser-page-actions.js';
import type { BotInspector } from './bot-inspector.js';
import type { ChatPolicies, Clock, EmuMessage } from './types.js';
import type { World } from './world.js';

export const FEED_PATH = '/emulator/api/feed';

/** Requests from anywhere but this machine are refused. */
export function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}

const forbidden = (): Res => json({ error: 'the emulator page is only served to loopback clients' }, 403);

function messageJson(m: EmuMessage, world: World) {
  const parent = m.parentId === undefined ? undefined : world.message(m.parentId);
  return { ...m, parentUserName: parent?.userName ?? null };
}

/** What the page needs to post a question to an attached SE API emulator (`ChatEmulator.attachSeApi`). */
export interface QuestionPoster {
  postQuestion(q: { site?: string; title: string; body?: string; tags?: string[]; owner?: string | number }): { question_id: number; site: string };
}

/** What the page's routes need besides the world. */
export interface BrowserPageContext {
  policies: () => ChatPolicies;
  clock: Clock;
  inspector: BotInspector;
  /** The attached SE API emulator, if any (POST se/questions). */
  questions?: () => QuestionPoster | null;
}

/**
 * Mounts the browser chat page: GET /emulator, JSON routes under /emulator/api/* (no fkey; loopback only):
 * GET world, GET rooms/{room}/messages, GET rooms/{room}/users, POST rooms/{room}/messages {userId, text, parentId?},
 * POST messages/{id}/star|edit|delete|pin {userId, text?} (chat's rules: see BrowserPageActions),
 * GET inspector?room= (the bot inspector's reports), POST se/questions {site, title, tags, userId}
 * (with an SE API emulator attached), and the dev channel of `botpy dev`:
 * POST dev/hello {name, email} (names the bot's account after the app) and POST dev/handled (one report).
 * The live feed is a WebSocket at /emulator/api/feed.
 */
export function mountBrowserPage(router: Router, world: World, pc: BrowserPageContext): void {
  const actions = new BrowserPageActions(world, pc.policies, pc.clock);
  const guard =
    (fn: (req: Req, p: Record<string, string>) => Res) =>
    (req: Req, p: Record<string, string>): Res => {
      if (!isLoopback(req.raw)) return forbidden();
      try {
        return fn(req, p);
      } catch (err) {
        if (err instanceof EmulatorError) return json({ error: err.message, code: err.code }, 400);
        throw err;
      }
    };
  const body = (req: Req): Record<string, unknown> => {
    try {
      const v = JSON.parse(req.body) as unknown;
      if (typeof v === 'object' && v !== null) return v as Record<string, unknown>;
    } catch {}
    throw new EmulatorError('BAD_REQUEST', 'expected a JSON object body');
  };
  router.add(
    'GET',
    '/emulator',
    guard(() => html(BROWSER_PAGE_HTML)),
  );
  router.add(
    'GET',
    '/emulator/api/world',
    guard(() => {
      const p = pc.policies();
      return json({
        rooms: world.rooms(),
        users: world.users().map((u) => ({ id: u.id, name: u.name, moderator: u.moderator })),
        limits: { singleLine: p.singleLineLimit, multiLine: p.multiLineLimit, editWindowSeconds: p.editWindowSeconds },
      });
    }),
  );
  router.add(
    'GET',
    '/emulator/api/rooms/:room/messages',
    guard((_req, p) => json(world.transcript(Number(p.room)).map((m) => messageJson(m, world)))),
  );
  router.add(
    'GET',
    '/emulator/api/rooms/:room/users',
    guard((_req, p) => json(actions.roomUsers(Number(p.room)))),
  );
  router.add(
    'POST',
    '/emulator/api/rooms/:room/messages',
    guard((req, p) => {
      const b = body(req);
      const parentId = b.parentId === undefined || b.parentId === null ? undefined : Number(b.parentId);
      return json(messageJson(actions.post(Number(b.userId), Number(p.room), String(b.text ?? ''), parentId), world));
    }),
  );
  const messageAction = (name: string, act: (userId: number, id: number, b: Record<string, unknown>) => EmuMessage) =>
    router.add(
      'POST',
      `/emulator/api/messages/:id/${name}`,
      guard((req, p) => {
        const b = body(req);
        return json(messageJson(act(Number(b.userId), Number(p.id), b), world));
      }),
    );
  messageAction('star', (u, id) => actions.star(u, id));
  messageAction('edit', (u, id, b) => actions.edit(u, id, String(b.text ?? '')));
  messageAction('delete', (u, id) => actions.delete(u, id));
  messageAction('pin', (u, id) => actions.pin(u, id));
  router.add(
    'POST',
    '/emulator/api/se/questions',
    guard((req) => {
      const se = pc.questions?.() ?? null;
      if (!se) throw new EmulatorError('NO_SE_API', 'no SE API emulator is attached to this chat emulator');
      const b = body(req);
      const tags = String(b.tags ?? '').split(/[\s,;]+/).filter((t) => t.length > 0);
      const owner = world.user(Number(b.userId))?.name ?? 'Anonymous';
      try {
        const q = se.postQuestion({ site: String(b.site || 'stackoverflow'), title: String(b.title ?? ''), tags, owner, ...(b.body ? { body: String(b.body) } : {}) });
        return json({ site: q.site, questionId: q.question_id });
      } catch (err) {
        throw new EmulatorError('BAD_QUESTION', (err as Error).message);
      }
    }),
  );
  router.add(
    'GET',
    '/emulator/api/inspector',
    guard((req) => json(pc.inspector.list(Number(req.query.get('room') ?? 0)))),
  );
  router.add(
    'POST',
    '/emulator/api/dev/handled',
    guard((req) => json(pc.inspector.record(body(req)))),
  );
  router.add(
    'POST',
    '/emulator/api/dev/hello',
    guard((req) => {
      const b = body(req);
      const name = typeof b.name === 'string' ? b.name.trim() : '';
      const account = typeof b.email === 'string' ? world.userByEmail(b.email) : undefined;
      if (!name || !account) throw new EmulatorError('BAD_REPORT', 'dev/hello needs the app\'s name and the email of an account of this world');
      const taken = world.users().find((u) => u.id !== account.id && u.name.toLowerCase() === name.toLowerCase());
      if (taken) return json({ userId: account.id, name: account.name, note: `${name} is already user ${taken.id}; the account keeps its name` });
      return json({ userId: account.id, name: world.renameUser(account.id, name).name });
    }),
  );
}

/** The page's live feed: every public event (not 8/18) as `{"event": {...}}`, and every bot inspector report as `{"inspect": {...}}`. */
export class BrowserFeed {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly off: () => void;

  constructor(world: World, inspector: BotInspector) {
    const offEvents = world.onEvents((batch) => this.broadcast(batch.filter((e) => e.targetUserId === undefined).map((e) => JSON.stringify({ event: e.wire }))));
    const offInspector = inspector.onEntry((entry) => this.broadcast([JSON.stringify({ inspect: entry })]));
    this.off = () => {
      offEvents();
      offInspector();
    };
  }

  private broadcast(frames: string[]): void {
    for (const ws of this.wss.clients) if (ws.readyState === WebSocket.OPEN) for (const f of frames) ws.send(f);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!isLoopback(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      ws.send(JSON.stringify({ hello: true }));
    });
  }

  async close(): Promise<void> {
    this.off();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
