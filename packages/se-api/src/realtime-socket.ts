import WebSocket from 'ws';

export interface RealtimeSocketOptions {
  /** Default `wss://qa.sockets.stackexchange.com/`. */
  url?: string;
  /** Channels to send after each connect, e.g. `155-questions-active` (all sites) or `1-questions-newest`. */
  channels: readonly string[];
  /** No frame at all (heartbeats included) for this long: the socket is replaced (default 6 min). */
  idleTimeoutMs?: number;
  /** First reconnect delay (default 1 s); doubles up to `reconnectMaxMs` (default 60 s), with jitter. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** A data frame: `action` is the channel, `data` the parsed JSON of the frame's data string. */
  onFrame: (action: string, data: unknown) => void;
  /** Each (re)connection that is open and subscribed. */
  onOpen?: (reconnects: number) => void;
  onClose?: (reason: string) => void;
}

/**
 * The realtime feed's socket: subscribes its channels, answers the server's `hb` heartbeats, replaces
 * a silent socket, and reconnects with capped exponential back-off until closed.
 */
export class RealtimeSocket {
  readonly url: string;
  /** Successful connections after the first. */
  reconnects = 0;
  private ws: WebSocket | null = null;
  private attempts = 0;
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private opened = 0;

  constructor(private readonly o: RealtimeSocketOptions) {
    this.url = o.url ?? 'wss://qa.sockets.stackexchange.com/';
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (this.closed || this.ws) return;
    this.connect();
  }

  /** Drops the current socket (it reconnects); for tests and a manual refresh. */
  drop(): void {
    this.ws?.terminate();
  }

  close(): void {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.ws?.terminate();
    this.ws = null;
  }

  private connect(): void {
    const ws = new WebSocket(this.url, { handshakeTimeout: 15_000 });
    this.ws = ws;
    ws.on('open', () => {
      if (this.opened++ > 0) this.reconnects++;
      for (const c of this.o.channels) ws.send(c);
      this.touch(ws);
      this.o.onOpen?.(this.reconnects);
    });
    ws.on('message', (raw) => {
      this.touch(ws);
      this.attempts = 0;
      let frame: { action?: unknown; data?: unknown };
      try {
        frame = JSON.parse(raw.toString()) as typeof frame;
      } catch {
        return; // not a frame of the feed
      }
      if (frame.action === 'hb') {
        if (ws.readyState === WebSocket.OPEN) ws.send(typeof frame.data === 'string' ? frame.data : 'hb');
        return;
      }
      if (typeof frame.action !== 'string') return;
      let data: unknown = frame.data;
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch {
          return;
        }
      }
      this.o.onFrame(frame.action, data);
    });
    ws.on('error', () => undefined); // 'close' follows
    ws.on('close', (code) => {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      if (this.ws === ws) this.ws = null;
      this.o.onClose?.(`closed (${code})`);
      if (this.closed) return;
      const base = Math.min(this.o.reconnectMaxMs ?? 60_000, (this.o.reconnectMinMs ?? 1000) * 2 ** this.attempts++);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.closed) this.connect();
      }, base / 2 + Math.random() * (base / 2));
    });
  }

  private touch(ws: WebSocket): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => ws.terminate(), this.o.idleTimeoutMs ?? 360_000);
  }
}
