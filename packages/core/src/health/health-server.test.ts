import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { HealthServer, HealthServerError, healthReport } from './health-server.js';
import { evaluateHealth, type HealthSnapshot } from './health-snapshot.js';
import { appHealthSnapshot } from './app-health-snapshot.js';
import type { AppHealth } from '../bot-application.js';
import { ConfigError } from '../errors.js';

const healthy = (): HealthSnapshot => ({
  alive: true,
  role: 'active',
  socket: { state: 'open', lastFrameAgeMs: 1500 },
  sendBacklog: 2,
  counters: { commandsRun: 7, commandErrors: 1, reconnects: 3 },
  uptimeSeconds: 42.7,
});

describe('evaluateHealth', () => {
  const t = { staleAfterSeconds: 10, degradedBacklog: 5 };
  const w = (patch: Partial<HealthSnapshot>, socket?: Partial<HealthSnapshot['socket']>): HealthSnapshot => ({
    ...healthy(), ...patch, socket: { ...healthy().socket, ...socket },
  });
  it('ok when running with a fresh open socket and a short backlog, whatever the role', () => {
    expect(evaluateHealth(w({}), t)).toBe('ok');
    expect(evaluateHealth(w({ role: 'standby' }), t)).toBe('ok');
    expect(evaluateHealth(w({}, { lastFrameAgeMs: 10_000 }), t)).toBe('ok');
  });
  it('degraded when connecting, polling, no frame yet, or a long backlog', () => {
    expect(evaluateHealth(w({}, { state: 'connecting' }), t)).toBe('degraded');
    expect(evaluateHealth(w({}, { state: 'polling' }), t)).toBe('degraded');
    expect(evaluateHealth(w({ uptimeSeconds: 1 }, { lastFrameAgeMs: null }), t)).toBe('degraded');
    expect(evaluateHealth(w({ sendBacklog: 5 }), t)).toBe('degraded');
  });
  it('down when not running, socket closed, last frame stale, or never a frame after the stale time', () => {
    expect(evaluateHealth(w({ alive: false }), t)).toBe('down');
    expect(evaluateHealth(w({}, { state: 'closed' }), t)).toBe('down');
    expect(evaluateHealth(w({}, { lastFrameAgeMs: 10_001 }), t)).toBe('down');
    expect(evaluateHealth(w({}, { state: 'polling', lastFrameAgeMs: 60_000 }), t)).toBe('down');
    expect(evaluateHealth(w({ uptimeSeconds: 11 }, { lastFrameAgeMs: null }), t)).toBe('down');
  });
});

describe('HealthServer over real HTTP', () => {
  let snapshot: HealthSnapshot = healthy();
  let throwing = false;
  let server: HealthServer;
  beforeAll(async () => {
    server = await HealthServer.start(() => {
      if (throwing) throw new Error('secret-token-123 leaked?');
      return snapshot;
    }, { port: 0, staleAfterSeconds: 30 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('listens on loopback by default on a free port', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('GET /health: 200 with the JSON report while healthy', async () => {
    snapshot = healthy();
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      status: 'ok', role: 'active', socket: { state: 'open', lastFrameAgeMs: 1500 }, sendBacklog: 2,
      counters: { commandsRun: 7, commandErrors: 1, reconnects: 3 }, uptimeSeconds: 42,
    });
  });

  it('GET /health: 200 degraded on standby with a polling socket', async () => {
    snapshot = { ...healthy(), role: 'standby', socket: { state: 'polling', lastFrameAgeMs: 100 } };
    const res = await fetch(`${server.url}/health?verbose=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'degraded', role: 'standby' });
  });

  it('GET /health: 503 down when the last frame is older than the stale threshold (a zombie)', async () => {
    snapshot = { ...healthy(), socket: { state: 'open', lastFrameAgeMs: 31_000 } };
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'down', socket: { lastFrameAgeMs: 31_000 } });
    snapshot = { ...healthy(), alive: false };
    expect((await fetch(`${server.url}/health`)).status).toBe(503);
  });

  it('GET /metrics: the Prometheus text format', async () => {
    snapshot = { ...healthy(), role: 'standby', socket: { state: 'open', lastFrameAgeMs: 2500 } };
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const sample = (name: string) => text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1];
    expect(sample('botpy_up')).toBe('1');
    expect(sample('botpy_role_active')).toBe('0');
    expect(sample('botpy_socket_last_frame_age_seconds')).toBe('2.5');
    expect(sample('botpy_send_backlog')).toBe('2');
    expect(sample('botpy_commands_total')).toBe('7');
    expect(sample('botpy_command_errors_total')).toBe('1');
    expect(sample('botpy_reconnects_total')).toBe('3');
    expect(text).toContain('# TYPE botpy_commands_total counter\n');
    expect(text).toContain('# TYPE botpy_up gauge\n');
    // every sample line is preceded by its HELP and TYPE
    for (const line of text.trimEnd().split('\n').filter((l) => !l.startsWith('#'))) {
      const name = line.split(' ')[0]!;
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toContain(`# TYPE ${name} `);
    }
    snapshot = { ...healthy(), socket: { state: 'closed', lastFrameAgeMs: null } };
    const down = await (await fetch(`${server.url}/metrics`)).text();
    expect(down).toMatch(/^botpy_up 0$/m);
    expect(down).toMatch(/^botpy_socket_last_frame_age_seconds NaN$/m);
  });

  it('a provider that throws is answered 503 down without the error text', async () => {
    throwing = true;
    try {
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ status: 'down' });
      expect(body).not.toContain('secret-token');
    } finally {
      throwing = false;
    }
  });

  it('unknown paths are 404, other methods 405, HEAD has no body', async () => {
    snapshot = healthy();
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    const post = await fetch(`${server.url}/health`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${server.url}/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('HealthServer errors', () => {
  it('a port in use is a HealthServerError naming the address', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await HealthServer.start(healthy, { port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HealthServerError);
      expect((err as HealthServerError).code).toBe('HEALTH_SERVER');
      expect((err as Error).message).toBe(`health endpoint: listening on 127.0.0.1:${port} is in use`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
  it('bad options are ConfigErrors', async () => {
    await expect(HealthServer.start(healthy, { port: -1 })).rejects.toThrow(ConfigError);
    await expect(HealthServer.start(healthy, { port: 1.5 })).rejects.toThrow('health.port must be an integer from 0 to 65535, got 1.5');
    await expect(HealthServer.start(healthy, { port: 0, staleAfterSeconds: 0 })).rejects.toThrow('health.staleAfterSeconds must be a positive number');
    await expect(HealthServer.start(undefined as unknown as () => HealthSnapshot, { port: 0 })).rejects.toThrow(ConfigError);
  });
  it('stop() is idempotent', async () => {
    const s = await HealthServer.start(healthy, { port: 0 });
    await s.stop();
    await s.stop();
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
  });
});

describe('healthReport / appHealthSnapshot', () => {
  it('maps an application health to a snapshot', () => {
    const appHealth: AppHealth = {
      state: 'running', role: 'standby', socketState: 'open', lastFrameAgeMs: 120, sendBacklog: 4,
      counters: { commandsRun: 10, errors: 2, timeouts: 1, reconnects: 5, messagesHandled: 30, messagesSent: 12, throttled: 2, coalesced: 1 },
    };
    const provider = appHealthSnapshot({ health: () => appHealth, startedAt: 1_000 }, () => 61_000);
    expect(provider()).toEqual({
      alive: true, role: 'standby', socket: { state: 'open', lastFrameAgeMs: 120 }, sendBacklog: 4,
      counters: { commandsRun: 10, commandErrors: 3, reconnects: 5, messagesSent: 12, throttled: 2, coalesced: 1 }, uptimeSeconds: 60,
    });
    expect(healthReport(provider()).status).toBe('ok');
    const stopped = appHealthSnapshot({ health: () => ({ ...appHealth, state: 'stopping' }), startedAt: null });
    expect(stopped()).toMatchObject({ alive: false, uptimeSeconds: 0 });
    expect(healthReport(stopped()).status).toBe('down');
  });
});
