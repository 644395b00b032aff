import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Sessions } from './sessions.js';
import type { ChatPolicies, Clock, WireEvent } from './types.js';
import type { StoredEvent, World } from './world.js';

interface Client {
  ws: WebSocket;
  userId: number;
  urlRoom: number;
  lastT: number;
  lastSentAt: number;
}

export interface SocketHubOptions {
  world: World;
  sessions: Sessions;
  clock: Clock;
  policies: () => ChatPolicies;
  silenced: () => boolean;
  /** Origins accepted on the upgrade. */
  allowedOrigins: () => string[];
  onUpgradeCounted: () => void;
  /** Close each new socket this long after its first frame (fault knob); null = keep it. */
  socketLifetime?: () => number | null;
}

const REPLAY_LIMIT = 1000;

/** Groups events into `r{room}` sections for one account (spec §5.2): 8/18 go to every listed room of their target. */
export function sectionsFor(events: StoredEvent[], userId: number | null, rooms: Iterable<number>): Map<number, WireEvent[]> {
  const roomList = [...rooms];
  const sections = new Map<number, WireEvent[]>();
  const push = (room: number, ev: WireEvent): void => {
    const list = sections.get(room);
    if (list) list.push(ev);
    else sections.set(room, [ev]);
  };
  for (const ev of events) {
    if (ev.targetUserId !== undefined) {
      if (userId !== null && ev.targetUserId === userId) for (const r of roomList) push(r, ev.wire);
    } else if (roomList.includes(ev.roomId)) push(ev.roomId, ev.wire);
  }
  return sections;
}

/** One socket per connection; each carries every room its account is in (spec §5). */
export class SocketHub {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly clients = new Set<Client>();
  private readonly idleTimer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: SocketHubOptions) {
    this.unsubscribe = o.world.onEvents((batch) => this.deliver(batch));
    this.idleTimer = setInterval(() => this.idleTick(), 200);
    this.idleTimer.unref();
  }

  get count(): number {
    return this.clients.size;
  }

  /** Open sockets of one account. */
  countOf(userId: number): number {
    let n = 0;
    for (const c of this.clients) if (c.userId === userId) n++;
    return n;
  }

  /** Handles `GET /events/{room}/{token}?l=` upgrades; refuses bad origins (403) and unknown or used tokens (404). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.o.onUpgradeCounted();
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/events\/(\d+)\/([0-9a-f]+)$/.exec(url.pathname);
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!m) return refuse(404, 'Not Found');
    const origin = req.headers.origin;
    if (!origin || !this.o.allowedOrigins().includes(origin)) return refuse(403, 'Forbidden');
    const ticket = this.o.sessions.consumeWsToken(m[2]!, this.o.clock.now());
    if (!ticket || ticket.roomId !== Number(m[1])) return refuse(404, 'Not Found');
    const lParam = url.searchParams.get('l');
    const l = lParam !== null && /^\d+$/.test(lParam) ? Number(lParam) : null;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { ws, userId: ticket.session.userId, urlRoom: ticket.roomId, lastT: this.o.world.latestEventId(), lastSentAt: Date.now() };
      this.clients.add(client);
      ws.on('close', () => this.clients.delete(client));
      ws.on('error', () => this.clients.delete(client));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        try {
          const msg = JSON.parse(String(data)) as { action?: string };
          if (msg.action === 'hb') this.send(client, String(data));
        } catch {}
      });
      this.firstFrame(client, l);
      const lifetime = this.o.socketLifetime?.() ?? null;
      if (lifetime !== null) {
        const t = setTimeout(() => {
          this.clients.delete(client);
          if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'closed by the closeSocketsAfter fault');
        }, lifetime);
        t.unref();
        ws.on('close', () => clearTimeout(t));
      }
    });
  }

  /** Closes every socket; with `closeFrame: false` the TCP connection is cut without a close frame. */
  dropAll(o: { closeFrame: boolean; reason: string }): number {
    const n = this.clients.size;
    for (const c of [...this.clients]) {
      this.clients.delete(c);
      if (o.closeFrame) c.ws.close(1001, o.reason);
      else c.ws.terminate();
    }
    return n;
  }

  async close(): Promise<void> {
    clearInterval(this.idleTimer);
    this.unsubscribe();
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private rooms(client: Client): number[] {
    const state = this.o.world.userState(client.userId);
    return state ? [...state.rooms] : [];
  }

  private firstFrame(client: Client, l: number | null): void {
    const rooms = this.rooms(client);
    const events = l === null ? [] : this.o.world.eventsAfter(l, REPLAY_LIMIT);
    // A cut replay reports the last event it carries, so the client can ask for the rest.
    const latest = events.length === REPLAY_LIMIT ? events[events.length - 1]!.id : this.o.world.latestEventId();
    const sections = sectionsFor(events, client.userId, rooms);
    const frame: Record<string, unknown> = {};
    const d = l === null ? 0 : Math.max(0, latest - l);
    for (const r of rooms.length > 0 ? rooms : [client.urlRoom]) {
      const e = sections.get(r);
      frame[`r${r}`] = e ? { e, t: latest, d } : { t: latest, d: 0 };
    }
    client.lastT = latest;
    this.send(client, JSON.stringify(frame));
  }

  private deliver(batch: StoredEvent[]): void {
    if (this.clients.size === 0 || batch.length === 0) return;
    const t = batch[batch.length - 1]!.id;
    for (const c of this.clients) {
      const sections = sectionsFor(batch, c.userId, this.rooms(c));
      if (sections.size === 0) continue;
      const d = t - c.lastT;
      c.lastT = t;
      const frame: Record<string, unknown> = {};
      for (const [room, e] of sections) frame[`r${room}`] = { e, t, d };
      this.send(c, JSON.stringify(frame));
    }
  }

  private idleTick(): void {
    const secs = this.o.policies().idleFrameSeconds;
    if (!(secs > 0)) return;
    const now = Date.now();
    for (const c of this.clients) {
      if (now - c.lastSentAt < secs * 1000) continue;
      const rooms = this.rooms(c);
      const frame: Record<string, unknown> = {};
      for (const r of rooms.length > 0 ? rooms : [c.urlRoom]) frame[`r${r}`] = {};
      this.send(c, JSON.stringify(frame));
    }
  }

  private send(c: Client, data: string): void {
    c.lastSentAt = Date.now();
    if (this.o.silenced() || c.ws.readyState !== WebSocket.OPEN) return;
    c.ws.send(data);
  }
}
