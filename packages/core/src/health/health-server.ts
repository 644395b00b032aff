import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotpyError, ConfigError } from '../errors.js';
import { DEFAULT_HEALTH_THRESHOLDS, evaluateHealth, type HealthSnapshot, type HealthStatus, type TaskHealth } from './health-snapshot.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheusMetrics } from './prometheus-metrics.js';

/** Options of the health endpoint (`bootstrap({ health })`). */
export interface HealthServerOptions {
  /** TCP port; 0 picks a free one (see `HealthServer.port`). */
  port: number;
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  /** A last frame older than this many seconds makes `/health` answer 503 (default 120). */
  staleAfterSeconds?: number;
  /** A send backlog of at least this many messages makes the status `degraded` (default 50). */
  degradedBacklog?: number;
}

/** The JSON body of `GET /health`. */
export interface HealthReport {
  status: HealthStatus;
  role: 'active' | 'standby';
  socket: { state: HealthSnapshot['socket']['state']; lastFrameAgeMs: number | null };
  sendBacklog: number;
  counters: { commandsRun: number; commandErrors: number; reconnects: number; messagesSent?: number; throttled?: number; coalesced?: number };
  uptimeSeconds: number;
  /** The background tasks: schedule, state and next run (`nextRun` as an ISO time, `nextRunAt` in epoch ms). */
  tasks?: (TaskHealth & { nextRun: string | null })[];
}

/** The health server could not listen (port in use, bad interface). */
export class HealthServerError extends BotpyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HEALTH_SERVER', message, options);
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * An opt-in HTTP endpoint for supervisors (systemd, pm2, Kubernetes probes, Prometheus):
 * - `GET /health`: {@link HealthReport} as JSON; 200 when `ok` or `degraded`, 503 when `down`
 *   (not running, socket closed, or no frame from chat for `staleAfterSeconds`: a zombie to restart);
 * - `GET /metrics`: the same numbers in the Prometheus text format.
 * Reads a fresh snapshot from the provider on every request; knows nothing else of the bot.
 */
export class HealthServer {
  private constructor(
    private readonly server: Server,
    private readonly address: AddressInfo,
  ) {}

  /** Starts listening; rejects with a HealthServerError when the port cannot be used. */
  static async start(provider: () => HealthSnapshot, options: HealthServerOptions): Promise<HealthServer> {
    if (typeof provider !== 'function') throw new ConfigError('the health server needs a snapshot provider function');
    const { port, host = '127.0.0.1' } = options ?? ({} as HealthServerOptions);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`health.port must be an integer from 0 to 65535, got ${String(port)}`);
    const positive = (v: number | undefined, d: number, what: string) => {
      if (v === undefined) return d;
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new ConfigError(`health.${what} must be a positive number`);
      return v;
    };
    const thresholds = {
      staleAfterSeconds: positive(options.staleAfterSeconds, DEFAULT_HEALTH_THRESHOLDS.staleAfterSeconds, 'staleAfterSeconds'),
      degradedBacklog: positive(options.degradedBacklog, DEFAULT_HEALTH_THRESHOLDS.degradedBacklog, 'degradedBacklog'),
    };

    const server = createServer((req, res) => handle(req, res, provider, thresholds));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        const why = err.code === 'EADDRINUSE' ? 'is in use' : err.code === 'EADDRNOTAVAIL' ? 'is not available on this machine' : `failed (${err.code ?? err.message})`;
        reject(new HealthServerError(`health endpoint: listening on ${host}:${port} ${why}`, { cause: err }));
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, host);
    });
    return new HealthServer(server, server.address() as AddressInfo);
  }

  /** The port listened on (useful with port 0). */
  get port(): number {
    return this.address.port;
  }

  get host(): string {
    return this.address.address;
  }

  /** Base URL, e.g. `http://127.0.0.1:9464`. */
  get url(): string {
    const h = this.address.family === 'IPv6' ? `[${this.address.address}]` : this.address.address;
    return `http://${h}:${this.address.port}`;
  }

  /** Stops listening and closes open connections. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

/** The report for a snapshot (exported for tests and for callers that want the verdict without HTTP). */
export function healthReport(s: HealthSnapshot, thresholds = DEFAULT_HEALTH_THRESHOLDS): HealthReport {
  return {
    status: evaluateHealth(s, thresholds),
    role: s.role,
    socket: { state: s.socket.state, lastFrameAgeMs: s.socket.lastFrameAgeMs },
    sendBacklog: s.sendBacklog,
    counters: {
      commandsRun: s.counters.commandsRun,
      commandErrors: s.counters.commandErrors,
      reconnects: s.counters.reconnects,
      ...(s.counters.messagesSent === undefined ? {} : { messagesSent: s.counters.messagesSent }),
      ...(s.counters.throttled === undefined ? {} : { throttled: s.counters.throttled }),
      ...(s.counters.coalesced === undefined ? {} : { coalesced: s.counters.coalesced }),
    },
    uptimeSeconds: Math.floor(s.uptimeSeconds),
    ...(s.tasks ? { tasks: s.tasks.map((t) => ({ ...t, nextRun: t.nextRunAt === null ? null : new Date(t.nextRunAt).toISOString() })) } : {}),
  };
}

function handle(req: IncomingMessage, res: ServerResponse, provider: () => HealthSnapshot, thresholds: typeof DEFAULT_HEALTH_THRESHOLDS): void {
  const path = (req.url ?? '/').split('?')[0];
  const send = (status: number, type: string, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (path !== '/health' && path !== '/metrics') {
    send(404, JSON_TYPE, JSON.stringify({ error: 'not found: try /health or /metrics' }));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(405, JSON_TYPE, JSON.stringify({ error: 'method not allowed' }), { allow: 'GET, HEAD' });
    return;
  }
  let snapshot: HealthSnapshot;
  try {
    snapshot = provider();
  } catch {
    // A bot that cannot even describe itself is down; the error itself stays out of the answer.
    send(503, JSON_TYPE, JSON.stringify({ status: 'down', error: 'the health snapshot could not be read' }));
    return;
  }
  const report = healthReport(snapshot, thresholds);
  if (path === '/metrics') send(200, PROMETHEUS_CONTENT_TYPE, renderPrometheusMetrics(snapshot, report.status));
  else send(report.status === 'down' ? 503 : 200, JSON_TYPE, JSON.stringify(report));
}
