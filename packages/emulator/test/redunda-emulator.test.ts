import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import got, { type Got } from 'got';
import { RedundaEmulator, electPreferred, railsHeaderName } from '@botpy/emulator';
import { ManualClock } from './fixtures/redunda/fixture-runner.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/redunda');
const http: Got = got.extend({ throwHttpErrors: false, retry: { limit: 0 }, followRedirect: false });
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

describe('RedundaEmulator', () => {
  let emu: RedundaEmulator;
  const clock = new ManualClock(1_700_000_000_000);
  let a: { key: string; id: number };
  let b: { key: string; id: number };

  beforeAll(async () => {
    emu = await RedundaEmulator.start({ clock });
  });
  afterAll(async () => {
    await emu.stop();
  });
  let botId = 100;
  beforeEach(() => {
    botId += 1;
    emu.faults.reset();
    emu.missingFileStatus = 500;
    emu.addBot({ id: botId, name: `Bot${botId}` });
    a = emu.addInstance({ botId, owner: 'Dana', location: 'vps-1' });
    b = emu.addInstance({ botId, owner: 'Eve Li', location: '' });
  });

  const ping = (key: string, extra: Record<string, string> = {}) =>
    http.post(`${emu.origin}/status.json`, { form: { key, ...extra } });
  const pingJson = async (key: string): Promise<{ should_standby: boolean; location: string; event_count: number }> =>
    JSON.parse((await ping(key)).body);

  it('answers a ping with the three fields and records version, defaulting to "unspecified"', async () => {
    const res = await ping(a.key, { version: '1.2.3' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual({ should_standby: false, location: 'Dana/vps-1', event_count: 0 });
    await ping(a.key);
    const mine = emu.pings().filter((p) => p.instanceId === a.id);
    expect(mine.map((p) => p.version)).toEqual(['1.2.3', 'unspecified']);
    expect(mine[0]!.time).toBe(clock.now());
  });

  it('renders an empty location with a trailing slash, like the fixture', async () => {
    clock.t += 1000;
    const answer = await pingJson(b.key);
    const fixture = JSON.parse(readFileSync(path.join(fixtures, 'status/blank-location.json'), 'utf8')) as { location: string };
    expect(answer.location.endsWith('/')).toBe(true);
    expect(fixture.location.endsWith('/')).toBe(true);
    expect(answer.location).toBe('Eve Li/');
  });

  it('accepts the key from the query string, a form body or a JSON body (status and events)', async () => {
    for (const p of ['/status.json', '/events.json']) {
      expect((await http.post(`${emu.origin}${p}`, { searchParams: { key: a.key } })).statusCode).toBe(200);
      expect((await http.post(`${emu.origin}${p}`, { form: { key: a.key } })).statusCode).toBe(200);
      expect((await http.post(`${emu.origin}${p}`, { json: { key: a.key } })).statusCode).toBe(200);
      const bad = await http.post(`${emu.origin}${p}`, { json: { key: 'nope' } });
      expect(bad.statusCode).toBe(404);
      expect(bad.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(bad.body).not.toContain('nope');
    }
  });

  it('elects by priority among instances alive within 180 s (strict), on the injected clock', async () => {
    expect((await pingJson(a.key)).should_standby).toBe(false);
    expect((await pingJson(b.key)).should_standby).toBe(true);
    clock.t += 179_999;
    expect((await pingJson(b.key)).should_standby).toBe(true);
    clock.t += 1; // a's ping is now exactly 180 s old
    expect((await pingJson(b.key)).should_standby).toBe(false);
    expect((await pingJson(a.key)).should_standby).toBe(false); // comeback: a is active at once
    expect((await pingJson(b.key)).should_standby).toBe(true);
  });

  it('reorders priorities and revokes keys', async () => {
    await ping(a.key);
    await ping(b.key);
    emu.reorder(botId, [b.key, a.key]);
    expect((await pingJson(a.key)).should_standby).toBe(true);
    expect((await pingJson(b.key)).should_standby).toBe(false);
    const fresh = emu.revokeKey(b.key);
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect((await ping(b.key)).statusCode).toBe(404);
    expect((await ping(fresh)).statusCode).toBe(200);
    expect(() => emu.reorder(botId, ['unknown'])).toThrow(/does not belong/);
  });

  it('stores files byte-exact with sha256; identical re-upload keeps updated_at; missing name → 500 or 404', async () => {
    const bytes = Buffer.from([0, 255, 13, 10, 0xc3, 0x28]);
    const url = `${emu.origin}/bots/data/state.bin`;
    const up = await http.post(url, { searchParams: { key: a.key }, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    expect(up.statusCode).toBe(204);
    expect(up.body).toBe('');
    expect(up.headers['content-type']).toBeUndefined();
    const t1 = Math.floor(clock.t / 1000);
    clock.t += 60_000;
    await http.post(url, { searchParams: { key: b.key }, body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    let list = JSON.parse((await http.get(`${emu.origin}/bots/data.json`, { searchParams: { key: b.key } })).body) as { key: string; updated_at: number; created_at: number; sha256: string }[];
    expect(list).toEqual([{ key: 'state.bin', created_at: t1, updated_at: t1, sha256: sha(bytes) }]);
    await http.post(url, { searchParams: { key: a.key }, body: Buffer.from('v2'), headers: { 'content-type': 'application/octet-stream' } });
    list = JSON.parse((await http.get(`${emu.origin}/bots/data.json`, { searchParams: { key: a.key } })).body);
    expect(list[0]!.updated_at).toBe(t1 + 60);
    expect(list[0]!.created_at).toBe(t1);
    const down = await http.get(url, { searchParams: { key: a.key }, responseType: 'buffer' });
    expect(down.headers['content-type']).toBe('application/octet-stream');
    expect(down.body.equals(Buffer.from('v2'))).toBe(true);
    expect(emu.files(botId).get('state.bin')!.sha256).toBe(sha('v2'));

    expect((await http.get(`${emu.origin}/bots/data/absent`, { searchParams: { key: a.key } })).statusCode).toBe(500);
    expect((await http.delete(`${emu.origin}/bots/data/absent`, { searchParams: { key: a.key } })).statusCode).toBe(500);
    emu.missingFileStatus = 404;
    expect((await http.get(`${emu.origin}/bots/data/absent`, { searchParams: { key: a.key } })).statusCode).toBe(404);
    expect((await http.get(`${emu.origin}/bots/data/bad-name`, { searchParams: { key: a.key } })).statusCode).toBe(404);
    expect((await http.delete(url, { searchParams: { key: a.key } })).statusCode).toBe(204);
    expect(emu.files(botId).size).toBe(0);
  });

  it('lets a form-typed upload body override the query key (the Rails param merge quirk)', async () => {
    const res = await http.post(`${emu.origin}/bots/data/f`, {
      searchParams: { key: a.key },
      body: 'key=wrong',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(404);
    const bad = await http.post(`${emu.origin}/bots/data/f`, { searchParams: { key: a.key }, body: '{', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
  });

  it('counts, returns and then deletes events; broadcast (any value) makes per-instance copies', async () => {
    const post = (name: string, o: { broadcast?: string; headers?: Record<string, string> } = {}) =>
      http.post(`${emu.origin}/bots/${botId}/events/${name}`, {
        searchParams: o.broadcast === undefined ? undefined : { broadcast: o.broadcast },
        body: `body of ${name}`,
        headers: { 'content-type': 'text/plain', ...(o.headers ?? {}) },
      });
    expect((await post('ci_status.json', { headers: { 'X-GitHub-Event': 'status', 'X-Request-Id': 'r1' } })).statusCode).toBe(204);
    expect((await post('update_to', { broadcast: 'false' })).statusCode).toBe(204);
    expect(emu.pendingEvents(botId)).toBe(3);
    expect((await pingJson(a.key)).event_count).toBe(2);
    expect((await pingJson(b.key)).event_count).toBe(2);
    const first = JSON.parse((await http.post(`${emu.origin}/events.json`, { form: { key: a.key } })).body) as { name: string; is_broadcast: boolean; headers: Record<string, string>; content: string }[];
    expect(first.map((e) => [e.name, e.is_broadcast])).toEqual([['ci_status', false], ['update_to', true]]);
    expect(first[0]!.headers['X-Github-Event']).toBe('status');
    expect(first[0]!.headers['X-Request']).toBe('r1');
    expect(first[0]!.headers['Content-Type']).toBeUndefined();
    expect(first[0]!.content).toBe('body of ci_status.json');
    expect((await pingJson(a.key)).event_count).toBe(0);
    expect((await pingJson(b.key)).event_count).toBe(1); // b's own broadcast copy survives
    emu.postEvent(botId, 'late', 'x');
    const second = JSON.parse((await http.post(`${emu.origin}/events.json`, { form: { key: b.key } })).body) as { name: string }[];
    expect(second.map((e) => e.name)).toEqual(['update_to', 'late']);
    expect(emu.pendingEvents(botId)).toBe(0);
    expect((await http.post(`${emu.origin}/bots/999999/events/x`, { body: '' })).statusCode).toBe(404);
  });

  it('names headers like Rack/Rails', () => {
    expect(railsHeaderName('X-GitHub-Event')).toBe('X-Github-Event');
    expect(railsHeaderName('user-agent')).toBe('User-Agent');
    expect(railsHeaderName('X-Request-Id')).toBe('X-Request');
    expect(electPreferred([], 0, 1)).toBeNull();
  });

  it('injects faults per route: 5xx HTML, destroyed socket, truncated body, delay, hang past the client timeout', async () => {
    emu.faults.failNext('POST /status.json', 2, 503);
    for (let i = 0; i < 2; i++) {
      const r = await ping(a.key);
      expect(r.statusCode).toBe(503);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    expect((await ping(a.key)).statusCode).toBe(200);

    emu.faults.destroyNext('GET /bots/data.json', 1);
    await expect(http.get(`${emu.origin}/bots/data.json`, { searchParams: { key: a.key } })).rejects.toThrow();

    emu.putFile(botId, 'big', Buffer.alloc(4000, 7));
    emu.faults.truncateNext('GET /bots/data/:name', 1);
    await expect(http.get(`${emu.origin}/bots/data/big`, { searchParams: { key: a.key } })).rejects.toThrow();

    emu.faults.slowNext('GET /bots/data/:name', 1, 100);
    const slow = await http.get(`${emu.origin}/bots/data/big`, { searchParams: { key: a.key }, responseType: 'buffer' });
    expect(slow.body.length).toBe(4000);

    emu.faults.delayNext('*', 1, 150);
    const t0 = Date.now();
    expect((await ping(a.key)).statusCode).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);

    emu.faults.hangNext('POST /events.json', 1);
    await expect(http.post(`${emu.origin}/events.json`, { form: { key: a.key }, timeout: { request: 200 } })).rejects.toThrow(/Timeout/);
    expect(emu.stats.byRoute['POST /events.json']).toBeGreaterThan(0);
    expect(() => emu.faults.failNext('*', 0, 500)).toThrow(RangeError);
  });

  it('has an outage switch: refused connections or reset sockets, then recovery on the same origin', async () => {
    const origin = emu.origin;
    await emu.setOutage(true);
    await expect(ping(a.key)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await emu.setOutage(false);
    expect(emu.origin).toBe(origin);
    expect((await ping(a.key)).statusCode).toBe(200);
    await emu.setOutage(true, 'reset');
    await expect(ping(a.key)).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
    await emu.setOutage(false);
    expect((await ping(a.key)).statusCode).toBe(200);
  });
});
