/**
 * Issue 14, item 5: the cap of 20 connections was per token string (a user with two tokens got 40),
 * and nothing limited how fast one address could open connections or send requests. Through the real
 * server: a per-user cap across tokens, per-address token buckets on upgrades and HTTP requests (429
 * with Retry-After; health checks exempt), forwarding headers believed only behind --trust-proxy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type WebSocket from 'ws';
import { rawConnect, room, startTestServer, type TestServer } from '../support/server-harness';

const LP = 'lavori-pubblici';

/** A WebSocket upgrade request whose refusal we read in full (status, headers, body). */
function upgradeRequest(port: number, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}
const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024', sectors: [LP] };

describe('identity: connection caps per user, rate limits per address', () => {
  let ts: TestServer | null = null;
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    await ts?.stop();
    ts = null;
  });
  const connect = async (token: string, headers: Record<string, string> = {}) => {
    const r = await rawConnect(`${ts!.syncUrl}/${room(LP)}?token=${token}`, headers);
    if (r.ws) sockets.push(r.ws);
    return r;
  };

  it('caps open connections per user across all of its tokens; a closed one frees its slot; other users are not affected', async () => {
    ts = await startTestServer({ plans: [PLAN], config: { maxConnectionsPerToken: 3, maxConnectionsPerUser: 4 } });
    const a = await ts.token({ role: 'viewer', sub: 'doppio' });
    const b = await ts.token({ role: 'viewer', sub: 'doppio' });
    for (let i = 0; i < 3; i++) expect((await connect(a)).status).toBeUndefined();
    expect((await connect(a)).status).toBe(429); // per token
    const fourth = await connect(b);
    expect(fourth.status).toBeUndefined();
    expect((await connect(b)).status).toBe(429); // per user: a second token does not double the cap
    expect((await connect(await ts.token({ role: 'viewer', sub: 'altro' }))).status).toBeUndefined();

    fourth.ws!.close();
    await fourth.closed;
    await expect.poll(async () => (await connect(b)).status, { timeout: 5000 }).toBeUndefined();
  });

  it('limits upgrade attempts per address (checked before the token): 429 with Retry-After', async () => {
    ts = await startTestServer({ plans: [PLAN], config: { upgradeRateLimit: { perSecond: 0.5, burst: 5 } } });
    for (let i = 0; i < 5; i++) expect((await connect('falso')).status).toBe(401);
    const res = await upgradeRequest(ts.server.port, `/sync/${room(LP)}?token=falso`);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect((JSON.parse(res.body) as { error: string }).error).toMatch(/Troppe richieste/);
    // A valid token does not jump the queue either.
    expect((await connect(await ts.token({ role: 'viewer' }))).status).toBe(429);
  });

  it('limits HTTP requests per address; /healthz stays reachable; X-Forwarded-For is ignored unless --trust-proxy', async () => {
    ts = await startTestServer({ plans: [PLAN], config: { requestRateLimit: { perSecond: 0.5, burst: 5 } } });
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${ts!.server.url}${path}`, { headers });
    for (let i = 0; i < 5; i++) expect((await get('/api/plans', { 'x-forwarded-for': `10.0.0.${i}` })).status).toBe(401);
    const limited = await get('/api/plans', { 'x-forwarded-for': '10.0.0.99' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(((await limited.json()) as { error: string }).error).toMatch(/Troppe richieste/);
    expect((await get('/healthz')).status).toBe(200);
    await ts.stop();

    // Behind a declared proxy every client has its own bucket (the address the proxy appended last).
    ts = await startTestServer({ plans: [PLAN], config: { requestRateLimit: { perSecond: 0.5, burst: 5 }, trustProxy: true } });
    for (let i = 0; i < 5; i++) expect((await get('/api/plans', { 'x-forwarded-for': 'spoof, 10.0.0.1' })).status).toBe(401);
    expect((await get('/api/plans', { 'x-forwarded-for': 'altro, 10.0.0.1' })).status).toBe(429);
    expect((await get('/api/plans', { 'x-forwarded-for': '10.0.0.2' })).status).toBe(401);
  });
});
