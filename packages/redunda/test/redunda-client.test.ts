import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedundaEmulator } from '@botpy/emulator';
import {
  BadKeyError,
  FileTooLargeError,
  RedundaClient,
  RedundaError,
  RedundaProtocolError,
  RedundaUnavailableError,
  UnsafeNameError,
  redact,
  sha256,
} from '@botpy/redunda';
import { captureLogger, renderError } from './log-sink.js';

const clock = { t: 1_700_000_000_000, now(): number { return this.t; } };
const sink = captureLogger();
let emu: RedundaEmulator;
let key: string;
let client: RedundaClient;
const secrets: string[] = [];

beforeAll(async () => {
  emu = await RedundaEmulator.start({ clock });
  emu.addBot({ id: 6, name: 'ClientBot' });
  key = emu.addInstance({ botId: 6, owner: 'Alice', location: 'EC2' }).key;
  secrets.push(key);
  client = new RedundaClient({ key, version: '1.0.0', origin: emu.origin, timeoutMs: 300, logger: sink.logger });
});
afterAll(async () => {
  await emu.stop();
});

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    const text = renderError(err);
    for (const s of secrets) expect(text).not.toContain(s);
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('RedundaClient against RedundaEmulator', () => {
  it('pings and maps the answer', async () => {
    expect(await client.ping()).toEqual({ shouldStandby: false, location: 'Alice/EC2', eventCount: 0 });
    expect(emu.pings().at(-1)!.version).toBe('1.0.0');
    const noVersion = new RedundaClient({ key, origin: emu.origin });
    await noVersion.ping();
    expect(emu.pings().at(-1)!.version).toBe('unspecified');
  });

  it('uploads, lists, downloads byte-exact, removes', async () => {
    const bytes = Buffer.from([0, 0xff, 0x0d, 0x0a, 0xc3, 0x28]);
    await client.upload('state.bin', bytes);
    await client.upload('empty.txt', Buffer.alloc(0));
    const list = await client.listFiles();
    expect(list.map((f) => [f.key, f.sha256])).toEqual([
      ['state.bin', sha256(bytes)],
      ['empty.txt', sha256(Buffer.alloc(0))],
    ]);
    expect(list[0]!.createdAt).toBe(Math.floor(clock.t / 1000));
    expect((await client.download('state.bin'))!.equals(bytes)).toBe(true);
    expect((await client.download('empty.txt'))!.length).toBe(0);
    expect(await client.download('never_uploaded')).toBeNull(); // Redunda's 500 for a missing name
    expect(await client.remove('state.bin')).toBe(true);
    expect(await client.remove('state.bin')).toBe(false);
  });

  it('refuses unsafe names and oversized files before sending anything', async () => {
    const before = emu.stats.requests;
    expect(await caught(client.download('../x'))).toBeInstanceOf(UnsafeNameError);
    expect(await caught(client.upload('..', Buffer.from('x')))).toBeInstanceOf(UnsafeNameError);
    expect(await caught(client.upload('a-b', Buffer.from('x')))).toMatchObject({ code: 'UNSAFE_NAME' });
    const big = await caught(client.upload('big', Buffer.alloc(16_777_216)));
    expect(big).toBeInstanceOf(FileTooLargeError);
    expect(emu.stats.requests).toBe(before);
  });

  it('fetches events once', async () => {
    emu.postEvent(6, 'ci_status', '{"state":"success"}', { headers: { 'X-Github-Event': 'status' } });
    expect((await client.ping()).eventCount).toBe(1);
    const events = await client.events();
    expect(events).toEqual([{ name: 'ci_status', isBroadcast: false, headers: { 'X-Github-Event': 'status' }, content: '{"state":"success"}' }]);
    expect(await client.events()).toEqual([]);
  });

  it('reports a bad key as BadKeyError (BAD_KEY) without the key in the message', async () => {
    const wrong = 'ab'.repeat(32);
    secrets.push(wrong);
    const bad = new RedundaClient({ key: wrong, origin: emu.origin, logger: sink.logger });
    for (const call of [bad.ping(), bad.listFiles(), bad.download('x'), bad.upload('x', Buffer.from('1')), bad.events()]) {
      const err = await caught(call);
      expect(err).toBeInstanceOf(BadKeyError);
      expect(err).toBeInstanceOf(RedundaError);
      expect((err as BadKeyError).code).toBe('BAD_KEY');
      expect(err.message).toMatch(/wrong or was revoked/);
    }
    expect(() => new RedundaClient({ key: '  ' })).toThrow(RedundaError);
  });

  it('classifies failures: 5xx, refused, reset, timeout (aborted), truncated, abort signal', async () => {
    emu.faults.failNext('POST /status.json', 1, 502);
    const e502 = (await caught(client.ping())) as RedundaUnavailableError;
    expect(e502).toMatchObject({ code: 'UNAVAILABLE', kind: 'http', status: 502 });

    emu.faults.hangNext('GET /bots/data.json', 1);
    const started = Date.now();
    const hung = (await caught(client.listFiles())) as RedundaUnavailableError;
    expect(hung.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);

    emu.faults.destroyNext('POST /events.json', 1);
    expect(((await caught(client.events())) as RedundaUnavailableError).kind).toBe('network');

    await client.upload('t.bin', Buffer.alloc(2000, 1));
    emu.faults.truncateNext('GET /bots/data/:name', 1);
    expect(await caught(client.download('t.bin'))).toBeInstanceOf(RedundaUnavailableError);

    await emu.setOutage(true);
    expect(((await caught(client.ping())) as RedundaUnavailableError).kind).toBe('network');
    await emu.setOutage(false);

    const ac = new AbortController();
    emu.faults.hangNext('POST /status.json', 1);
    const p = client.ping({ signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    expect(((await caught(p)) as RedundaUnavailableError).kind).toBe('aborted');
    expect((await client.ping()).shouldStandby).toBe(false);
  });

  it('never puts the key in a log line, even at trace level', () => {
    expect(sink.lines.length).toBeGreaterThan(10);
    for (const line of sink.lines) for (const s of secrets) expect(line).not.toContain(s);
    expect(inspect(client)).not.toContain(key);
    expect(JSON.stringify(client)).not.toContain(key);
    expect(redact(`x?key=${key}&y`, key)).toBe('x?key=[REDACTED]&y');
  });
});

describe('RedundaClient wire details (a capturing server)', () => {
  let server: Server;
  let origin: string;
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
  let answer: { status: number; type?: string; body: string } = { status: 204, body: '' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('uploads as application/octet-stream with a Content-Length and the key in the query only', async () => {
    const c = new RedundaClient({ key: 'k'.repeat(64), origin });
    answer = { status: 204, body: '' };
    await c.upload('a.json', Buffer.from('{"key":"not-the-key"}'));
    const req = seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/bots/data/a.json?key=${'k'.repeat(64)}`);
    expect(req.headers['content-type']).toBe('application/octet-stream');
    expect(req.headers['content-length']).toBe('21');
    expect(req.headers['transfer-encoding']).toBeUndefined();
    expect(req.body.toString()).toBe('{"key":"not-the-key"}');
  });

  it('pings with a form body and treats an HTML 200 (captive portal) or wrong JSON as a protocol failure', async () => {
    const c = new RedundaClient({ key: 'k'.repeat(64), origin, version: 'abc' });
    answer = { status: 200, type: 'text/html', body: '<html>login to wifi</html>' };
    const err = await caught(c.ping());
    expect(err).toBeInstanceOf(RedundaProtocolError);
    expect((err as RedundaProtocolError).code).toBe('BAD_RESPONSE');
    const req = seen.at(-1)!;
    expect(req.url).toBe('/status.json');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(req.body.toString()).get('version')).toBe('abc');
    answer = { status: 200, type: 'application/json', body: '{"should_standby":"no"}' };
    expect(await caught(c.ping())).toBeInstanceOf(RedundaProtocolError);
    answer = { status: 200, type: 'text/html', body: '<html></html>' };
    expect(await caught(c.download('x'))).toBeInstanceOf(RedundaProtocolError);
  });
});
