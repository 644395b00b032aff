import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RedundaEmulator } from '@botpy/emulator';
import { RedundaClient, RedundaError, RedundaEvent, RedundaService, type RedundaServiceOptions, encodeName } from '@botpy/redunda';
import { captureLogger, renderError } from './log-sink.js';

const INTERVAL = 50;
const BOT = 6;
const FILES = ['privileges.json', 'rooms/room_1.json'];

class TestClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

const sink = captureLogger();
const allKeys: string[] = [];
const tmpRoots: string[] = [];
const services: RedundaService[] = [];

async function waitFor(pred: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<number> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tmp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'botpy-redunda-'));
  tmpRoots.push(dir);
  return dir;
}

interface Recorded {
  svc: RedundaService;
  dir: string;
  transitions: string[];
  errors: RedundaError[];
  events: RedundaEvent[];
  downs: number;
  backs: number;
}

let emu: RedundaEmulator;
let clock: TestClock;

function service(key: string, o: Partial<RedundaServiceOptions> & { dir?: string } = {}): Recorded {
  const dir = o.dir ?? tmp();
  const client = new RedundaClient({ key, origin: emu.origin, timeoutMs: 500, logger: sink.logger, version: 'test' });
  const svc = new RedundaService({
    client,
    dataDir: dir,
    files: FILES,
    pingIntervalMs: INTERVAL,
    uploadDebounceMs: 10,
    transferRetry: { retries: 1, minMs: 5, maxMs: 20 },
    logger: sink.logger,
    clock,
    ...o,
  });
  services.push(svc);
  const r: Recorded = { svc, dir, transitions: [], errors: [], events: [], downs: 0, backs: 0 };
  svc.on('active', () => r.transitions.push('active'));
  svc.on('standby', () => r.transitions.push('standby'));
  svc.on('error', (e: RedundaError) => r.errors.push(e));
  svc.on('redunda-event', (e: RedundaEvent) => r.events.push(e));
  svc.on('down', () => (r.downs += 1));
  svc.on('back', () => (r.backs += 1));
  return r;
}

function uploads(): number {
  return emu.stats.byRoute['POST /bots/data/:name'] ?? 0;
}

let keyA: string;
let keyB: string;

beforeEach(async () => {
  clock = new TestClock(1_700_000_000_000);
  emu = await RedundaEmulator.start({ clock });
  emu.addBot({ id: BOT, name: 'SyncBot' });
  keyA = emu.addInstance({ botId: BOT, owner: 'Alice', location: 'EC2' }).key;
  keyB = emu.addInstance({ botId: BOT, owner: 'Bob', location: 'pi' }).key;
  allKeys.push(keyA, keyB);
});

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop({ finalUpload: false })));
  await emu.stop();
});

afterAll(() => {
  for (const d of tmpRoots) rmSync(d, { recursive: true, force: true });
});

describe('RedundaService roles', () => {
  it('elects one active instance; B takes over within alive window + one interval with A’s file; A’s comeback leaves exactly one active', async () => {
    const A = service(keyA);
    await A.svc.start();
    expect(A.svc.role).toBe('active');
    expect(A.svc.location).toBe('Alice/EC2');
    const B = service(keyB);
    expect(B.svc.role).toBe('starting');
    await B.svc.start();
    expect(B.svc.role).toBe('standby');

    mkdirSync(path.join(A.dir, 'rooms'));
    writeFileSync(path.join(A.dir, 'privileges.json'), '{"admins":[1]}');
    writeFileSync(path.join(A.dir, 'rooms/room_1.json'), '{"muted":true}');
    A.svc.markDirty();
    await waitFor(() => emu.files(BOT).size === 2, 3000, 'upload of both files');
    expect(emu.files(BOT).get(encodeName('rooms/room_1.json'))!.data.toString()).toBe('{"muted":true}');

    await A.svc.stop({ finalUpload: false }); // killed
    clock.t += 180_000; // A's last ping is now exactly one alive window old
    const took = await waitFor(() => B.svc.role === 'active', 2000, 'B to take over');
    expect(took).toBeLessThan(INTERVAL + 1000); // one ping interval (generous bound for a loaded machine)
    expect(readFileSync(path.join(B.dir, 'privileges.json'), 'utf8')).toBe('{"admins":[1]}');
    expect(readFileSync(path.join(B.dir, 'rooms/room_1.json'), 'utf8')).toBe('{"muted":true}');
    expect(B.transitions).toEqual(['standby', 'active']);

    const A2 = service(keyA, { dir: A.dir });
    await A2.svc.start();
    expect(A2.svc.role).toBe('active'); // the preferred instance is active on its first ping (overlap window)
    await waitFor(() => B.svc.role === 'standby', INTERVAL + 1000, 'B to stand by');
    await sleep(INTERVAL * 5);
    expect([A2.svc.role, B.svc.role]).toEqual(['active', 'standby']);
    expect(B.transitions).toEqual(['standby', 'active', 'standby']);
    expect(A2.transitions).toEqual(['active']);
  });

  it('rides out a 5-minute outage on the emulator clock: no crash, no flapping, one down/back, recovery', async () => {
    const A = service(keyA);
    const B = service(keyB);
    await A.svc.start();
    await B.svc.start();
    await emu.setOutage(true);
    for (let i = 0; i < 30; i++) {
      clock.t += 10_000;
      await sleep(INTERVAL / 2);
    }
    expect(A.svc.health.down).toBe(true);
    expect(A.svc.health.consecutiveFailures).toBeGreaterThanOrEqual(3);
    expect(A.svc.health.lastErrorKind).toBe('network');
    expect([A.svc.role, B.svc.role]).toEqual(['active', 'standby']);
    await emu.setOutage(false);
    await waitFor(() => A.backs === 1 && B.backs === 1, 3000, 'back events');
    await sleep(INTERVAL * 6);
    expect([A.svc.role, B.svc.role]).toEqual(['active', 'standby']);
    expect(A.transitions).toEqual(['active']);
    expect(B.transitions).toEqual(['standby']);
    expect([A.downs, B.downs, A.backs, B.backs]).toEqual([1, 1, 1, 1]);
    expect(A.svc.health.consecutiveFailures).toBe(0);
    expect(A.svc.health.lastSuccessAt).toBe(clock.t);
  });

  it('recovers the roles when the lower-ranked instance pings first after an outage', async () => {
    const A = service(keyA);
    const B = service(keyB);
    await A.svc.start();
    await B.svc.start();
    await emu.setOutage(true);
    await A.svc.stop({ finalUpload: false }); // A stays away for a moment after the outage
    clock.t += 300_000;
    await sleep(INTERVAL * 4);
    await emu.setOutage(false);
    const seen = emu.pings().length;
    await waitFor(() => emu.pings().length > seen, 2000, 'B to ping first after the outage');
    // B's first answer says "active" (A is stale): B waits one interval before acting on it, and by then A is back
    const A2 = service(keyA, { dir: A.dir });
    await A2.svc.start();
    await sleep(INTERVAL * 6);
    expect(B.transitions).toEqual(['standby']);
    expect(A2.svc.role).toBe('active');
  });

  it('reports a bad key once, loudly, without a retry storm, and keeps the role', async () => {
    const wrong = 'cd'.repeat(32);
    allKeys.push(wrong);
    const X = service(wrong);
    await X.svc.start();
    await sleep(500);
    expect(X.errors).toHaveLength(1);
    expect(X.errors[0]!.code).toBe('BAD_KEY');
    expect(X.svc.role).toBe('starting');
    expect(X.svc.health.badKey).toBe(true);
    expect(X.downs).toBe(0);
    const pings = emu.stats.byRoute['POST /status.json'] ?? 0;
    expect(pings).toBeLessThanOrEqual(Math.ceil(500 / (INTERVAL - INTERVAL / 10)) + 2); // the normal cadence, no storm
    expect(emu.stats.requests).toBe(pings); // nothing else was tried with the bad key

    const A = service(keyA);
    await A.svc.start();
    emu.revokeKey(keyA);
    await waitFor(() => A.errors.length === 1, 2000, 'revoked-key error');
    await sleep(INTERVAL * 4);
    expect(A.errors).toHaveLength(1);
    expect(A.svc.role).toBe('active');
    expect(renderError(A.errors[0])).not.toContain(keyA);
  });

  it('fails closed until the first answer, then optionally goes active after startupTimeoutMs', async () => {
    await emu.setOutage(true);
    const A = service(keyA, { startupTimeoutMs: 60_000 });
    await A.svc.start();
    await sleep(INTERVAL * 2);
    expect(A.svc.role).toBe('starting');
    clock.t += 60_000;
    await waitFor(() => A.svc.role === 'active', 2000, 'startup timeout');
    const B = service(keyB);
    await B.svc.start();
    await sleep(INTERVAL * 2);
    expect(B.svc.role).toBe('starting'); // no timeout configured: keeps waiting
  });

  it('stands down after standDownAfterMs without a successful ping (lease mode)', async () => {
    const A = service(keyA, { standDownAfterMs: 150_000 });
    await A.svc.start();
    await emu.setOutage(true);
    clock.t += 140_000;
    await sleep(INTERVAL * 2);
    expect(A.svc.role).toBe('active');
    clock.t += 11_000;
    await waitFor(() => A.svc.role === 'standby', 2000, 'lease expiry');
    await emu.setOutage(false);
    await waitFor(() => A.svc.role === 'active', 3000, 'reactivation');
    expect(A.transitions).toEqual(['active', 'standby', 'active']);
  });
});

describe('RedundaService file sync', () => {
  it('uploads a changed file once, not every cycle, and again only after the next change', async () => {
    const A = service(keyA);
    await A.svc.start();
    writeFileSync(path.join(A.dir, 'privileges.json'), 'v1');
    A.svc.markDirty('privileges.json');
    await waitFor(() => uploads() === 1, 2000, 'first upload');
    await sleep(INTERVAL * 8);
    expect(uploads()).toBe(1);
    writeFileSync(path.join(A.dir, 'privileges.json'), 'v2');
    A.svc.markDirty('privileges.json');
    await waitFor(() => uploads() === 2, 2000, 'second upload');
    writeFileSync(path.join(A.dir, 'privileges.json'), 'v2'); // same bytes
    A.svc.markDirty('privileges.json');
    await sleep(INTERVAL * 4);
    expect(uploads()).toBe(2);
    expect(() => A.svc.markDirty('undeclared.txt')).toThrow(/not a declared/);
    const manifest = JSON.parse(readFileSync(path.join(A.dir, '.redunda-sync.json'), 'utf8')) as { files: Record<string, { sha256: string }> };
    expect(manifest.files['privileges.json']!.sha256).toBe(emu.files(BOT).get('privileges.json')!.sha256);
  });

  it('never uploads while standing by, queues dirty files while Redunda is down, and uploads them once on recovery', async () => {
    const A = service(keyA);
    const B = service(keyB);
    await A.svc.start();
    await B.svc.start();
    writeFileSync(path.join(B.dir, 'privileges.json'), 'standby data');
    B.svc.markDirty();
    await sleep(INTERVAL * 3);
    expect(uploads()).toBe(0);

    await emu.setOutage(true);
    await waitFor(() => A.svc.health.down, 2000, 'down');
    writeFileSync(path.join(A.dir, 'privileges.json'), 'written during the outage');
    A.svc.markDirty('privileges.json');
    await sleep(INTERVAL * 2);
    expect(A.svc.pendingUploads).toEqual(['privileges.json']);
    await emu.setOutage(false);
    await waitFor(() => uploads() === 1, 3000, 'queued upload');
    await sleep(INTERVAL * 3);
    expect(uploads()).toBe(1);
    expect(A.svc.pendingUploads).toEqual([]);
    expect(emu.files(BOT).get('privileges.json')!.data.toString()).toBe('written during the outage');
  });

  it('makes a final upload on stop', async () => {
    const A = service(keyA, { pingIntervalMs: 60_000 });
    await A.svc.start();
    writeFileSync(path.join(A.dir, 'privileges.json'), 'last words');
    await A.svc.stop();
    expect(emu.files(BOT).get('privileges.json')!.data.toString()).toBe('last words');
  });

  it('downloads only declared, differing files, verifies them, and keeps a conflicting local copy aside', async () => {
    emu.putFile(BOT, 'privileges.json', 'remote version');
    emu.putFile(BOT, encodeName('rooms/room_1.json'), 'room remote');
    emu.putFile(BOT, '.._Setc_Spasswd', 'evil'); // undeclared (and unsafe): never fetched
    emu.putFile(BOT, 'other.json', 'not ours');
    const dir = tmp();
    writeFileSync(path.join(dir, 'privileges.json'), 'local edit never synced');
    const conflicts: unknown[] = [];
    const A = service(keyA, { dir });
    A.svc.on('conflict', (c) => conflicts.push(c));
    await A.svc.start();
    expect(A.svc.role).toBe('active');
    expect(readFileSync(path.join(dir, 'privileges.json'), 'utf8')).toBe('remote version');
    expect(readFileSync(path.join(dir, 'rooms/room_1.json'), 'utf8')).toBe('room remote');
    const aside = readdirSync(dir).filter((f) => f.startsWith('privileges.json.conflict-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe('local edit never synced');
    expect(conflicts).toEqual([expect.objectContaining({ file: 'privileges.json', savedAs: aside[0] })]);
    expect(readdirSync(dir).sort()).toEqual(['.redunda-sync.json', aside[0], 'privileges.json', 'rooms'].sort());
    expect(emu.stats.byRoute['GET /bots/data/:name']).toBe(2);
    expect(uploads()).toBe(0); // what it just downloaded is not uploaded back
  });

  it('keeps a local change when only the local side changed since the last sync', async () => {
    emu.putFile(BOT, 'privileges.json', 'v1');
    const A = service(keyA);
    await A.svc.start();
    await A.svc.stop({ finalUpload: false });
    writeFileSync(path.join(A.dir, 'privileges.json'), 'v2 local');
    const A2 = service(keyA, { dir: A.dir, pingIntervalMs: 60_000 });
    await A2.svc.start();
    expect(readFileSync(path.join(A.dir, 'privileges.json'), 'utf8')).toBe('v2 local');
    expect(readdirSync(A.dir).some((f) => f.includes('conflict'))).toBe(false);
    await A2.svc.syncNow();
    expect(emu.files(BOT).get('privileges.json')!.data.toString()).toBe('v2 local');
  });

  it('refuses a downloaded file whose bytes do not match the listed sha256', async () => {
    emu.putFile(BOT, 'privileges.json', 'good');
    emu.faults.truncateNext('GET /bots/data/:name', 5);
    const A = service(keyA);
    await A.svc.start();
    expect(A.svc.role).toBe('active'); // becomes active anyway, with the error reported
    expect(A.errors.length).toBeGreaterThanOrEqual(1);
    expect(readdirSync(A.dir).filter((f) => f !== '.redunda-sync.json')).toEqual([]);
  });
});

describe('RedundaService events', () => {
  it('fetches events only when counted and only while active by default, delivering each once', async () => {
    const A = service(keyA);
    const B = service(keyB);
    await A.svc.start();
    await B.svc.start();
    emu.postEvent(BOT, 'ci_status', '{"state":"success"}', { headers: { 'X-Github-Event': 'status' } });
    emu.postEvent(BOT, 'update_to', '{"commit":"abc"}', { broadcast: true });
    await waitFor(() => A.events.length === 2, 2000, 'events on A');
    await sleep(INTERVAL * 3);
    expect(A.events.map((e) => e.name).sort()).toEqual(['ci_status', 'update_to']);
    const ci = A.events.find((e) => e.name === 'ci_status')!;
    expect(ci.header('x-github-event')).toBe('status');
    expect(ci.json<{ state: string }>().state).toBe('success');
    expect(B.events).toEqual([]);
    expect(emu.pendingEvents(BOT)).toBe(1); // B's broadcast copy waits for B to become active
    expect(emu.stats.byRoute['POST /events.json']).toBe(1);

    const C = service(emu.addInstance({ botId: BOT }).key, { eventsWhileStandby: true });
    await C.svc.start();
    emu.postEvent(BOT, 'note', 'hello', { broadcast: true });
    await waitFor(() => C.events.length === 1, 2000, 'event on standby C');
    expect(C.svc.role).toBe('standby');
    expect(C.events[0]!.isBroadcast).toBe(true);
  });
});

describe('secrets', () => {
  it('never writes an instance key to a log line or an error message', () => {
    expect(sink.lines.length).toBeGreaterThan(50);
    for (const line of sink.lines) for (const k of allKeys) expect(line).not.toContain(k);
  });
});
