import { afterEach, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CookieJar } from 'tough-cookie';
import { CookieHeaderCache } from '../src/cookie-header-cache.js';
import { FormPoster, FormPostError } from '../src/form-poster.js';

const TLS = new URL('./fixtures/tls/', import.meta.url);

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  socket: unknown;
}

const servers: (http.Server | https.Server)[] = [];
const agents: http.Agent[] = [];

afterEach(async () => {
  for (const a of agents.splice(0)) a.destroy();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    ),
  );
});

async function serve(handler: Handler, tls = false): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, socket: req.socket });
      handler(req, body, res);
    });
  };
  const server = tls ? https.createServer({ key: fs.readFileSync(new URL('key.pem', TLS)), cert: fs.readFileSync(new URL('cert.pem', TLS)) }, onRequest) : http.createServer(onRequest);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, seen };
}

function poster(jar = new CookieJar(), o: { timeoutMs?: number; maxBodyBytes?: number; ca?: Buffer } = {}): FormPoster {
  const a = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, ...(o.ca ? { ca: o.ca } : {}) }) };
  agents.push(a.http, a.https);
  return new FormPoster({ cookies: new CookieHeaderCache(jar), agents: a, userAgent: 'botpy-test', ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(o.maxBodyBytes ? { maxBodyBytes: o.maxBodyBytes } : {}) });
}

describe('FormPoster', () => {
  it('posts a urlencoded form with the jar cookies, stores Set-Cookie, and reads the answer as it is', async () => {
    const { origin, seen } = await serve((req, _body, res) => {
      if (req.url?.startsWith('/users/login')) {
        res.writeHead(302, { location: '/', 'set-cookie': ['acct=t%3Dabc; Path=/; HttpOnly', 'prov=xyz; Path=/'] });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":42,"time":1}');
    });
    const jar = new CookieJar();
    await jar.setCookie('sechatusr=1; Path=/', origin + '/');
    const p = poster(jar);

    const login = await p.post(origin + '/users/login', { email: 'a@b.c', password: 'p w&=' });
    expect(login).toEqual({ status: 302, body: '', location: '/' });
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0]!.headers['user-agent']).toBe('botpy-test');
    expect(seen[0]!.headers['accept-encoding']).toBeUndefined();
    expect(new URLSearchParams(seen[0]!.body).get('password')).toBe('p w&=');
    expect(seen[0]!.headers.cookie).toBe('sechatusr=1');

    const res = await p.post(origin + '/chats/1/messages/new', { text: 'héllo 👋', fkey: 'f' }, { x: '1' });
    expect(res).toEqual({ status: 200, body: '{"id":42,"time":1}' });
    expect(seen[1]!.url).toBe('/chats/1/messages/new?x=1');
    expect(Number(seen[1]!.headers['content-length'])).toBe(Buffer.byteLength(seen[1]!.body));
    expect(new URLSearchParams(seen[1]!.body).get('text')).toBe('héllo 👋');
    // the cookies of the 302 went into the jar and come back on the next request
    expect(seen[1]!.headers.cookie).toContain('acct=t%3Dabc');
    expect(seen[1]!.headers.cookie).toContain('prov=xyz');
    expect(await jar.getCookieString(origin + '/')).toContain('prov=xyz');
    // one kept-alive connection for both
    expect(seen[1]!.socket).toBe(seen[0]!.socket);
  });

  it('returns error statuses with their body (the caller classifies them)', async () => {
    const { origin } = await serve((_req, _body, res) => {
      res.writeHead(409, { 'content-type': 'text/plain' });
      res.end('You can perform this action again in 3 seconds.');
    });
    expect(await poster().post(origin + '/chats/1/messages/new', { text: 'x' })).toEqual({ status: 409, body: 'You can perform this action again in 3 seconds.' });
  });

  it('works over HTTPS with the given agent', async () => {
    const { origin, seen } = await serve((_req, _body, res) => res.end('ok'), true);
    const p = poster(new CookieJar(), { ca: fs.readFileSync(new URL('cert.pem', TLS)) });
    expect(await p.post(origin + '/ws-auth', { roomid: '1', fkey: 'f' })).toEqual({ status: 200, body: 'ok' });
    expect(seen).toHaveLength(1);
    // the default agent (no CA for the test certificate) refuses it: the agent passed in is the one used
    const strict = new FormPoster({ cookies: new CookieHeaderCache(new CookieJar()), agents: { http: new http.Agent(), https: new https.Agent() }, userAgent: 'x' });
    await expect(strict.post(origin + '/ws-auth', {})).rejects.toBeInstanceOf(FormPostError);
  });

  it('fails with ETIMEDOUT when the server does not answer in time, without the URL or the form in the error', async () => {
    const { origin } = await serve(() => undefined); // never answers
    const err = await poster(new CookieJar(), { timeoutMs: 150 })
      .post(origin + '/chats/1/messages/new', { text: 'secret text', fkey: 'secret-fkey' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormPostError);
    expect((err as FormPostError).code).toBe('ETIMEDOUT');
    expect(String((err as Error).message)).not.toMatch(/secret|chats|127\.0\.0\.1/);
  });

  it('fails with ECONNRESET when the connection drops mid-answer, and with ECONNREFUSED when nobody listens', async () => {
    const { origin } = await serve((_req, _body, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await expect(poster().post(origin + '/x', {})).rejects.toMatchObject({ code: 'ECONNRESET' });

    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const { port } = dead.address() as AddressInfo;
    await new Promise<void>((r) => dead.close(() => r()));
    await expect(poster().post(`http://127.0.0.1:${port}/x`, {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses an answer larger than maxBodyBytes, and URLs that are not http(s)', async () => {
    const { origin } = await serve((_req, _body, res) => res.end('x'.repeat(10_000)));
    await expect(poster(new CookieJar(), { maxBodyBytes: 1000 }).post(origin + '/x', {})).rejects.toMatchObject({ code: 'ERESPONSETOOLARGE' });
    await expect(poster().post('ftp://127.0.0.1/x', {})).rejects.toMatchObject({ code: 'EPROTOCOL' });
  });

  it('ignores a Set-Cookie the jar refuses (another domain) and still answers', async () => {
    const { origin, seen } = await serve((_req, _body, res) => {
      res.writeHead(200, { 'set-cookie': ['evil=1; Domain=example.org; Path=/', 'good=1; Path=/'] });
      res.end('ok');
    });
    const p = poster();
    expect((await p.post(origin + '/a', {})).body).toBe('ok');
    await p.post(origin + '/b', {});
    expect(seen[1]!.headers.cookie).toBe('good=1');
  });

  it('GETs pages following redirects (relative and absolute), with the cookies of every hop, and stops after 10', async () => {
    const { origin, seen } = await serve((req, _body, res) => {
      if (req.url === '/start?tab=1') {
        res.writeHead(302, { location: '/next/', 'set-cookie': ['hop1=a; Path=/'] });
        return res.end();
      }
      if (req.url === '/next/') {
        res.writeHead(301, { location: `${origin}/final`, 'set-cookie': ['hop2=b; Path=/'] });
        return res.end();
      }
      if (req.url === '/final') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>héllo</html>');
      }
      if (req.url?.startsWith('/loop')) {
        res.writeHead(302, { location: `/loop${Number(req.url.slice(5) || 0) + 1}` });
        return res.end();
      }
      res.writeHead(404);
      res.end('nope');
    });
    const p = poster();
    expect(await p.get(origin + '/start', { tab: '1' })).toEqual({ status: 200, body: '<html>héllo</html>' });
    expect(seen.map((x) => [x.method, x.url])).toEqual([['GET', '/start?tab=1'], ['GET', '/next/'], ['GET', '/final']]);
    expect(seen[1]!.headers.cookie).toBe('hop1=a');
    expect(seen[2]!.headers.cookie).toBe('hop1=a; hop2=b');
    expect(seen[2]!.headers['accept-encoding']).toBeUndefined();
    expect(seen[2]!.socket).toBe(seen[0]!.socket); // keep-alive across the hops
    expect(await p.get(origin + '/missing')).toEqual({ status: 404, body: 'nope' });
    await expect(p.get(origin + '/loop0')).rejects.toMatchObject({ code: 'ERR_TOO_MANY_REDIRECTS' });
    expect(seen.filter((x) => x.url.startsWith('/loop'))).toHaveLength(11);
    await expect(poster(new CookieJar(), { maxBodyBytes: 5 }).get(origin + '/final')).rejects.toMatchObject({ code: 'ERESPONSETOOLARGE' });
  });
});
