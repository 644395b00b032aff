import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { EmulatorError } from './emulator-error.js';
import { html, json, type Req, type Res, type Router } from './http-kit.js';
import { BROWSER_PAGE_HTML } from './browser-page-html.js';
import type { EmuMessage } from './types.js';
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

/**
 * Mounts the browser chat page: GET /emulator, JSON routes under /emulator/api/* (no fkey; loopback only):
 * GET world, GET rooms/{room}/messages, POST rooms/{room}/messages {userId, text, parentId?},
 * POST messages/{id}/star {userId}, POST se/questions {site, title, tags, userId} (with an SE API
 * emulator attached). The live feed is a WebSocket at /emulator/api/feed.
 */
/** What the page needs to post a question to an attached SE API emulator (`ChatEmulator.attachSeApi`). */
export interface QuestionPoster {
  postQuestion(q: { site?: string; title: string; body?: string; tags?: string[]; owner?: string | number }): { question_id: number; site: string };
}

export function mountBrowserPage(router: Router, world: World, questions: () => QuestionPoster | null = () => null): void {
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
    guard(() => json({ rooms: world.rooms(), users: world.users().map((u) => ({ id: u.id, name: u.name, moderator: u.moderator })) })),
  );
  router.add(
    'GET',
    '/emulator/api/rooms/:room/messages',
    guard((_req, p) => json(world.transcript(Number(p.room)).map((m) => messageJson(m, world)))),
  );
  router.add(
    'POST',
    '/emulator/api/rooms/:room/messages',
    guard((req, p) => {
      const b = body(req);
      const parentId = b.parentId === undefined || b.parentId === null ? undefined : Number(b.parentId);
      const m = world.post(Number(b.userId), Number(p.room), String(b.text ?? ''), parentId === undefined ? {} : { parentId });
      return json(messageJson(m, world));
    }),
  );
  router.add(
    'POST',
    '/emulator/api/se/questions',
    guard((req) => {
      const se = questions();
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
    'POST',
    '/emulator/api/messages/:id/star',
    guard((req, p) => {
      world.star(Number(body(req).userId), Number(p.id));
      return json(messageJson(world.message(Number(p.id))!, world));
    }),
  );
}

/** The page's live feed: every public event (not 8/18) as `{"event": {...}}`. */
export class BrowserFeed {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly off: () => void;

  constructor(world: World) {
    this.off = world.onEvents((batch) => {
      const frames = batch.filter((e) => e.targetUserId === undefined).map((e) => JSON.stringify({ event: e.wire }));
      for (const ws of this.wss.clients) if (ws.readyState === WebSocket.OPEN) for (const f of frames) ws.send(f);
    });
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
