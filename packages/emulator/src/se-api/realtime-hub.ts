import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SeApiFaults } from './se-api-faults.js';
import type { PostedQuestion } from './se-data.js';
import { encodeHtml, questionLink } from './se-render.js';

interface Client {
  ws: WebSocket;
  channels: Set<string>;
  /** A heartbeat was sent and not answered yet. */
  awaitingHb: boolean;
}

export interface RealtimeHubOptions {
  faults: SeApiFaults;
  /** Milliseconds between `hb` heartbeats (default 30 s). */
  heartbeatMs: number;
}

/**
 * The realtime feed (qa.sockets.stackexchange.com): a client sends channel names
 * (`155-questions-active` for every site, `<siteId>-questions-newest`, `<siteId>-questions-newest-tag-<tag>`,
 * `<siteId>-questions-active`); frames are `{"action": <channel>, "data": "<JSON string>"}`. The server
 * sends `{"action":"hb","data":"hb"}` and closes a socket that did not answer the previous one.
 */
export class RealtimeHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<Client>();
  private readonly timer: NodeJS.Timeout;
  /** Posts published, skipped, frames sent. */
  readonly stats = { published: 0, skipped: 0, frames: 0, connections: 0 };

  constructor(private readonly o: RealtimeHubOptions) {
    this.timer = setInterval(() => this.heartbeat(), o.heartbeatMs);
    this.timer.unref();
  }

  get count(): number {
    return this.clients.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const c: Client = { ws, channels: new Set(), awaitingHb: false };
      this.clients.add(c);
      this.stats.connections++;
      ws.on('message', (raw) => {
        const text = raw.toString().trim();
        if (text === 'hb' || text === 'pong') c.awaitingHb = false;
        else if (/^[\w.-]+$/.test(text)) c.channels.add(text);
      });
      ws.on('close', () => this.clients.delete(c));
      ws.on('error', () => ws.terminate());
    });
  }

  /** Publishes a new question on every channel that carries it (unless a fault skips it). */
  publish(p: PostedQuestion): void {
    this.stats.published++;
    const f = this.o.faults;
    if (f.socketSkipNext > 0) {
      f.socketSkipNext--;
      this.stats.skipped++;
      return;
    }
    if (f.socketSkipEvery > 0 && this.stats.published % f.socketSkipEvery === 0) {
      this.stats.skipped++;
      return;
    }
    const { site, question: q, owner } = p;
    const data = JSON.stringify({
      siteBaseHostAddress: site.host, id: q.question_id, titleEncodedFancy: encodeHtml(q.title), bodySummary: encodeHtml(q.body_markdown.slice(0, 200)),
      tags: q.tags, lastActivityDate: q.last_activity_date, url: questionLink(site, q), ownerUrl: `https://${site.host}/users/${owner.user_id}`,
      ownerDisplayName: encodeHtml(owner.display_name), apiSiteParameter: site.api_site_parameter,
    });
    const channels = new Set([
      '155-questions-active', `${site.id}-questions-active`, `${site.id}-questions-newest`, ...q.tags.map((t) => `${site.id}-questions-newest-tag-${t}`),
    ]);
    for (const c of this.clients) {
      for (const ch of c.channels) {
        if (!channels.has(ch) || c.ws.readyState !== c.ws.OPEN) continue;
        c.ws.send(JSON.stringify({ action: ch, data }));
        this.stats.frames++;
      }
    }
  }

  /** Drops every socket without a close frame (as a network failure would). */
  drop(): void {
    for (const c of this.clients) c.ws.terminate();
  }

  heartbeat(): void {
    if (this.o.faults.heartbeatsPaused) return;
    for (const c of this.clients) {
      if (c.awaitingHb) {
        c.ws.close(4000, 'no heartbeat answer');
        continue;
      }
      c.awaitingHb = true;
      if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify({ action: 'hb', data: 'hb' }));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const c of this.clients) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
