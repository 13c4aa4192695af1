/**
 * Issue 14, item 4: /manifest.xml followed `Host` / `X-Forwarded-Host`, so one request with a forged
 * header could get a manifest pointing at another site, which a shared cache could then hand to
 * everyone. Through the real server: URLs come from `--public-url` (or the listening address), and
 * forwarding headers count only behind a declared proxy (`--trust-proxy`).
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { startServer } from '../../sync-server/src/server';
import { makeDataDir, silentLogger, startTestServer, type TestServer } from '../support/server-harness';

/** GET /manifest.xml with any headers, Host included (fetch does not let a caller choose Host). */
function manifest(ts: TestServer, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: ts.server.port, path: '/manifest.xml', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

describe('identity: manifest.xml URLs come from configuration, not from the request', () => {
  let ts: TestServer | null = null;
  afterEach(async () => {
    await ts?.stop();
    ts = null;
  });

  it('ignores Host and X-Forwarded-Host by default: the listening address is used', async () => {
    ts = await startTestServer();
    const xml = await manifest(ts, FORGED);
    expect(xml).not.toContain('evil.example');
    expect(xml).toContain(`<SourceLocation DefaultValue="http://127.0.0.1:${ts.server.port}/"/>`);
  });

  it('uses --public-url (path prefix included), even behind a trusted proxy', async () => {
    ts = await startTestServer({ config: { publicUrl: 'https://piao.comune.example.it/piao/', trustProxy: true } });
    const xml = await manifest(ts, FORGED);
    expect(xml).not.toContain('evil.example');
    expect(xml).toContain('<SourceLocation DefaultValue="https://piao.comune.example.it/piao/"/>');
    expect(xml).not.toContain('127.0.0.1');
  });

  it('behind --trust-proxy without a public URL, follows the proxy and ignores a malformed host', async () => {
    ts = await startTestServer({ config: { trustProxy: true } });
    expect(await manifest(ts, { 'x-forwarded-host': 'piao.comune.example.it', 'x-forwarded-proto': 'https' })).toContain(
      '<SourceLocation DefaultValue="https://piao.comune.example.it/"/>',
    );
    const evil = await manifest(ts, { 'x-forwarded-host': 'x"/><evil' });
    expect(evil).not.toContain('evil');
    expect(evil).toContain(`http://127.0.0.1:${ts.server.port}/`);
  });

  it('refuses a public URL that is not a plain http(s) address, before listening', async () => {
    const dataDir = await makeDataDir();
    for (const bad of ['ftp://x.example', 'https://x.example/?a=1', 'non un url', 'https://user:pw@x.example']) {
      await expect(startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, publicUrl: bad })).rejects.toThrow(/indirizzo pubblico/i);
    }
    await rm(dataDir, { recursive: true, force: true });
  });
});
