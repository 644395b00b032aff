import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { WebSocket } from './commonjs-packages.js';
import type { ChatSession } from './chat-session.js';
import { ChatRequestError, RoomAccessError } from './errors.js';
import { ChatEvent, MessageEvent, preciseNow } from './events.js';
import { parseBody } from './parse-events.js';
import { redactText } from './redact.js';

export interface EventStreamOptions {
  /** No frame for this long → the socket is presumed dead and replaced (default 60 s). */
  watchdogMs?: number;
  /** Replace the socket proactively this often (default 3 h; 0 = never). */
  refreshMs?: number;
  /**
   * Jittered exponential back-off between reconnection attempts (default 1 s → 60 s). Only the
   * first retry after a stable socket is immediate; every later one waits (never two immediate
   * retries in a row).
   */
  backoff?: { minMs: number; maxMs: number };
  /**
   * A socket must stay up this long before the back-off starts again from zero (default 30 s). A
   * socket that the server (or a proxy) closes sooner counts as a failed attempt, so a socket that
   * closes right after opening is retried at the back-off's pace, not at once.
   */
  stableMs?: number;
  /** `/events` polling interval while the socket cannot connect (default 3 s). */
  pollFallbackMs?: number;
  /** After an outage longer than this, also re-read `/chats/{room}/events` (default 60 s). */
  catchUpAfterMs?: number;
  /** For tests: the random source of the jitter. */
  random?: () => number;
}

export type SocketState = 'open' | 'connecting' | 'polling' | 'closed';

export interface StreamStats {
  reconnects: number;
  framesReceived: number;
  lastFrameAt: number | null;
  socketState: SocketState;
  polls: number;
  watchdogTrips: number;
  proactiveRefreshes: number;
  duplicatesDropped: number;
  catchUps: number;
  /** `/events` reads made when a socket resumed. */
  resumePolls: number;
}

const SEEN_LIMIT = 50_000;

/**
 * The account's single socket (§5): `/ws-auth` with any joined room, resume with `l` = last
 * processed `t`, de-duplication by event id, watchdog, jittered exponential back-off, `/events`
 * polling while the socket cannot connect, history catch-up after long outages, proactive refresh.
 * Emits 'events' (ChatEvent[] in id order, each once), 'disconnected', 'reconnected'.
 */
export class EventStream extends EventEmitter {
  cursor = 0;
  readonly stats: StreamStats = {
    reconnects: 0,
    framesReceived: 0,
    lastFrameAt: null,
    socketState: 'closed',
    polls: 0,
    watchdogTrips: 0,
    proactiveRefreshes: 0,
    duplicatesDropped: 0,
    catchUps: 0,
    resumePolls: 0,
  };
  private ws: WebSocket | null = null;
  private running = false;
  /** Failed attempts (connections that failed or did not stay up `stableMs`) since the last stable socket. */
  private attempts = 0;
  /** When the current socket delivered its first frame (null while down). */
  private upSince: number | null = null;
  private disconnectedAt: number | null = null;
  private cursorAtDisconnect = 0;
  private announcedDown = false;
  private watchdog: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private connecting = false;
  private currentGotFrame = false;
  private hasConnected = false;
  private frameChain: Promise<void> = Promise.resolve();
  private frameBusy = false;
  private frameChainLength = 0;
  private readonly seen = new Set<number>();
  private readonly seenOrder: number[] = [];
  private readonly o: Required<EventStreamOptions>;

  constructor(
    private readonly session: ChatSession,
    private readonly rooms: () => number[],
    private readonly log: Logger,
    o: EventStreamOptions = {},
  ) {
    super();
    this.o = {
      watchdogMs: o.watchdogMs ?? 60_000,
      refreshMs: o.refreshMs ?? 3 * 3_600_000,
      backoff: o.backoff ?? { minMs: 1_000, maxMs: 60_000 },
      stableMs: o.stableMs ?? 30_000,
      pollFallbackMs: o.pollFallbackMs ?? 3_000,
      catchUpAfterMs: o.catchUpAfterMs ?? 60_000,
      random: o.random ?? Math.random,
    };
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts from `cursor` (the `time` of a `/chats/{room}/events` answer). */
  start(cursor: number): void {
    if (this.running) return;
    this.running = true;
    this.cursor = Math.max(this.cursor, cursor);
    if (this.o.refreshMs > 0) {
      this.refreshTimer = setInterval(() => this.proactiveRefresh(), this.o.refreshMs);
      this.refreshTimer.unref();
    }
    void this.connect();
  }

  stop(): void {
    this.running = false;
    for (const t of [this.watchdog, this.pollTimer, this.reconnectTimer]) if (t) clearTimeout(t);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.watchdog = this.pollTimer = this.reconnectTimer = this.refreshTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
    this.stats.socketState = 'closed';
  }

  /** Forces a new socket now (e.g. after joining a room the server might not add to the current one). */
  reconnectNow(): void {
    if (!this.running) return;
    this.dropSocket();
    void this.connect();
  }

  /**
   * The wait before the next attempt, counting this failure: 0 only for the first failure after a
   * stable socket (`immediateOk`), else `minMs · 2^(n-1)` (capped at `maxMs`), jittered to 50–100 %.
   */
  private nextDelay(immediateOk: boolean): number {
    const n = this.attempts++;
    if (n === 0 && immediateOk) return 0;
    const { minMs, maxMs } = this.o.backoff;
    const base = Math.min(maxMs, minMs * 2 ** Math.max(0, n - (immediateOk ? 1 : 0)));
    return Math.round(base * (0.5 + this.o.random() * 0.5));
  }

  /** A socket that stayed up `stableMs` resets the back-off; a shorter-lived one does not. */
  private noteDown(): void {
    if (this.upSince !== null && Date.now() - this.upSince >= this.o.stableMs) this.attempts = 0;
    this.upSince = null;
  }

  private async connect(): Promise<void> {
    if (!this.running || this.connecting) return;
    this.connecting = true;
    if (this.stats.socketState !== 'polling') this.stats.socketState = 'connecting';
    try {
      const rooms = this.rooms();
      if (rooms.length === 0) return;
      // any joined room will do (the socket carries them all); skip rooms that refuse (kicked, gone)
      let res: { status: number; body: string } | undefined;
      for (const room of rooms) {
        res = await this.session.read('/ws-auth', { roomid: String(room) }, 'POST /ws-auth');
        if (res.status !== 404) break;
      }
      if (!res || res.status === 404) throw new RoomAccessError('no-access', 'every joined room refused the socket');
      if (res.status !== 200) throw new ChatRequestError('POST /ws-auth', `HTTP ${res.status}`, res.status);
      const url = (JSON.parse(res.body) as { url?: unknown }).url;
      if (typeof url !== 'string' || !/^wss?:\/\//.test(url)) throw new ChatRequestError('POST /ws-auth', 'no socket URL in the answer');
      if (this.disconnectedAt !== null && Date.now() - this.disconnectedAt > this.o.catchUpAfterMs) await this.catchUp();
      if (!this.running) return;
      await this.open(`${url}?l=${this.cursor}`);
    } catch (err) {
      if (!this.running) return;
      this.noteDown();
      this.markDown();
      this.startPolling();
      const wait = this.nextDelay(false);
      this.log.warn({ attempt: this.attempts, waitMs: wait, err: redactText(String((err as Error).message)) }, 'socket connection failed: retrying');
      this.scheduleReconnect(wait);
    } finally {
      this.connecting = false;
    }
  }

  private scheduleReconnect(ms: number): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, ms);
  }

  private open(url: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, { origin: this.session.origins.chat, handshakeTimeout: 15_000, perMessageDeflate: false, ...(this.session.tlsCa ? { ca: this.session.tlsCa } : {}) });
      let opened = false;
      let firstFrame = true;
      ws.on('open', () => {
        opened = true;
        if (!this.running) {
          // stopped while the handshake was in flight
          ws.removeAllListeners();
          ws.on('error', () => {});
          ws.terminate();
          return resolve();
        }
        this.ws = ws;
        this.currentGotFrame = false;
        this.armWatchdog();
        resolve();
      });
      ws.on('message', (data, isBinary) => {
        const receivedAt = preciseNow();
        if (isBinary || this.ws !== ws) return;
        this.armWatchdog();
        let resume = false;
        if (firstFrame) {
          firstFrame = false;
          this.currentGotFrame = true;
          resume = this.hasConnected;
          this.hasConnected = true;
          this.onUp();
        }
        const text = String(data);
        if (!resume && !this.frameBusy) return this.handleFrame(text, ws, receivedAt);
        // a resumed socket: before its first frame, read everything after the cursor over HTTP
        // (`/events`), in case the replay frame was lost or cut; frames wait meanwhile, in order
        this.frameBusy = true;
        this.frameChain = this.frameChain
          .then(async () => {
            if (resume) await this.pollOnce();
            this.handleFrame(text, ws, receivedAt);
          })
          .finally(() => {
            if (this.frameChainLength-- === 1) this.frameBusy = false;
          });
        this.frameChainLength++;
      });
      ws.on('error', (err) => {
        if (!opened) reject(err);
      });
      ws.on('close', () => {
        if (!opened) return reject(new Error('socket closed during the handshake'));
        if (this.ws !== ws) return;
        this.ws = null;
        this.onSocketLost('closed');
      });
    });
  }

  private armWatchdog(): void {
    // every frame pushes the deadline back: refresh the armed timer rather than allocate a new one
    if (this.watchdog) {
      this.watchdog.refresh();
      return;
    }
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      this.stats.watchdogTrips++;
      this.log.warn({ silentMs: this.o.watchdogMs }, 'no frame for too long: replacing the socket');
      const neverSpoke = !this.currentGotFrame;
      this.noteDown();
      this.dropSocket();
      if (neverSpoke) {
        // a socket that never delivered its first frame is a failed connection: report it, poll meanwhile
        this.onSocketLost('watchdog');
        this.startPolling();
      } else {
        // a quiet or zombie socket: replace it at once (resuming from the cursor); only a failing
        // replacement is reported as a disconnection
        void this.connect();
      }
    }, this.o.watchdogMs);
    this.watchdog.unref();
  }

  private dropSocket(): void {
    const ws = this.ws;
    this.ws = null;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
    }
  }

  private markDown(): void {
    if (this.disconnectedAt === null) {
      this.disconnectedAt = Date.now();
      this.cursorAtDisconnect = this.cursor;
    }
    if (!this.announcedDown) {
      this.announcedDown = true;
      this.emit('disconnected');
    }
  }

  private onSocketLost(why: string): void {
    if (!this.running) return;
    this.noteDown();
    const wait = this.nextDelay(true);
    this.log.info({ why, attempt: this.attempts, waitMs: wait }, 'socket lost: reconnecting');
    this.markDown();
    if (!this.polling) this.stats.socketState = 'connecting';
    this.scheduleReconnect(wait);
  }

  private onUp(): void {
    this.stats.socketState = 'open';
    this.stopPolling();
    // the back-off is not reset here: only a socket that stays up `stableMs` resets it (noteDown)
    this.upSince = Date.now();
    if (this.announcedDown) {
      this.announcedDown = false;
      this.stats.reconnects++;
      this.disconnectedAt = null;
      this.emit('reconnected');
    }
    this.disconnectedAt = null;
  }

  private proactiveRefresh(): void {
    if (!this.running || !this.ws) return;
    this.stats.proactiveRefreshes++;
    this.log.info('proactive socket refresh');
    this.noteDown();
    this.dropSocket();
    void this.connect();
  }

  private handleFrame(text: string, ws: WebSocket | null, receivedAt: number): void {
    this.stats.framesReceived++;
    this.stats.lastFrameAt = Date.now();
    const parsed = parseBody(text);
    if (parsed.heartbeat) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
      return;
    }
    for (const ev of parsed.events) ev.receivedAt = receivedAt;
    this.deliver(parsed.events, 0);
    if (parsed.cursor !== undefined && parsed.cursor > this.cursor) this.cursor = parsed.cursor;
  }

  /** Emits the events not seen before (and newer than `floor`), marking them seen. */
  private deliver(events: ChatEvent[], floor: number): void {
    const fresh: ChatEvent[] = [];
    for (const ev of events) {
      if (ev.id && (this.seen.has(ev.id) || ev.id <= floor)) {
        this.stats.duplicatesDropped++;
        continue;
      }
      this.markSeen(ev.id);
      if (ev instanceof MessageEvent) for (const id of ev.mergedEventIds) this.markSeen(id);
      fresh.push(ev);
    }
    if (fresh.length) this.emit('events', fresh);
  }

  private markSeen(id: number): void {
    if (!id || this.seen.has(id)) return;
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > SEEN_LIMIT) this.seen.delete(this.seenOrder.shift()!);
  }

  /** Mark events already known (e.g. the history read when joining) so they are never re-emitted. */
  markKnown(ids: number[]): void {
    for (const id of ids) this.markSeen(id);
  }

  private async catchUp(): Promise<void> {
    this.stats.catchUps++;
    const floor = this.cursorAtDisconnect;
    for (const room of this.rooms()) {
      try {
        const res = await this.session.read(`/chats/${room}/events`, { since: '0', mode: 'Messages', msgCount: '100' }, 'POST /chats/:room/events');
        if (res.status === 200) this.deliver(parseBody(res.body).events, floor);
      } catch (err) {
        this.log.warn({ room, err: redactText(String((err as Error).message)) }, 'history catch-up failed');
      }
    }
  }

  /** One `/events` read from the cursor (used when a socket resumes). */
  private async pollOnce(): Promise<void> {
    try {
      const form: Record<string, string> = {};
      for (const r of this.rooms()) form[`r${r}`] = String(this.cursor);
      const res = await this.session.read('/events', form, 'POST /events');
      if (res.status === 200) {
        this.stats.resumePolls++;
        this.handleFrame(res.body, null, preciseNow());
      }
    } catch (err) {
      this.log.warn({ err: redactText(String((err as Error).message)) }, 'resume poll failed');
    }
  }

  private startPolling(): void {
    if (this.polling || !this.running) return;
    this.polling = true;
    this.stats.socketState = 'polling';
    const tick = async (): Promise<void> => {
      if (!this.polling || !this.running) return;
      try {
        const form: Record<string, string> = {};
        for (const r of this.rooms()) form[`r${r}`] = String(this.cursor);
        const res = await this.session.read('/events', form, 'POST /events');
        if (this.polling && res.status === 200) {
          this.stats.polls++;
          this.handleFrame(res.body, null, preciseNow());
        }
      } catch (err) {
        this.log.warn({ err: redactText(String((err as Error).message)) }, 'poll failed');
      }
      if (this.polling && this.running) {
        this.pollTimer = setTimeout(() => void tick(), this.o.pollFallbackMs);
        this.pollTimer.unref();
      }
    };
    void tick();
  }

  private stopPolling(): void {
    this.polling = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }
}
