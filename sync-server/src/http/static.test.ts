import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server-harness';
import { OFFICE_JS_CDN, OFFICE_JS_LOCAL, REPO_ROOT, defaultStaticDirs, parseOfficeJsSource } from '../config';
import { OFFICE_JS_TAG, resolveInside } from './static';

let dirs: string;
let t: TestServer;
let missing: TestServer;
let cdn: TestServer;

beforeAll(async () => {
  dirs = await mkdtemp(path.join(os.tmpdir(), 'piao-static-'));
  const pane = path.join(dirs, 'dist');
  const officeJs = path.join(dirs, 'office-js');
  await mkdir(path.join(pane, 'assets'), { recursive: true });
  await mkdir(path.join(officeJs, 'it-it'), { recursive: true });
  await writeFile(path.join(pane, 'index.html'), '<!doctype html><title>PIAO</title><script src="/office-js/office.js"></script>');
  await writeFile(path.join(pane, 'assets', 'index-Ab12Cd34.js'), 'console.log("pane")');
  await writeFile(path.join(pane, 'assets', 'icon-32.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await writeFile(path.join(officeJs, 'office.js'), 'var Office = {};');
  await writeFile(path.join(officeJs, 'it-it', 'office_strings.js'), 'var strings = {};');
  await writeFile(path.join(dirs, 'secret.txt'), 'segreto');
  t = await startTestServer({ config: { staticDirs: { taskpane: pane, officeJs } } });
  missing = await startTestServer({ config: { staticDirs: { taskpane: path.join(dirs, 'nope'), officeJs } } });
  cdn = await startTestServer({ config: { staticDirs: { taskpane: pane, officeJs, officeJsUrl: OFFICE_JS_CDN } } });
});
afterAll(async () => {
  await t?.stop();
  await missing?.stop();
  await cdn?.stop();
  await rm(dirs, { recursive: true, force: true });
});

/** A request with the path sent exactly as written (fetch would normalise `..`). */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (c: Buffer) => (data += c.toString()));
    s.on('end', () => resolve({ status: Number(data.split(' ')[1]), body: data.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    s.on('error', reject);
  });
}

describe('task pane and office.js', () => {
  it('serves the built task pane at / and /taskpane.html, never cached, frameable by Office', async () => {
    for (const p of ['/', '/taskpane.html', '/?token=abc']) {
      const res = await fetch(t.server.url + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('x-frame-options')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await res.text()).toContain('<title>PIAO</title>');
    }
  });

  it('serves hashed assets for a year, other files revalidated, with their content types', async () => {
    const js = await fetch(`${t.server.url}/assets/index-Ab12Cd34.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const etag = js.headers.get('etag')!;
    const again = await fetch(`${t.server.url}/assets/index-Ab12Cd34.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const icon = await fetch(`${t.server.url}/assets/icon-32.png`);
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    expect(Buffer.from(await icon.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('serves any file of office.js, nested folders included', async () => {
    const res = await fetch(`${t.server.url}/office-js/it-it/office_strings.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('var strings = {};');
    expect((await fetch(`${t.server.url}/office-js/office.js`)).status).toBe(200);
  });

  it('forbids escaping the static folders', async () => {
    for (const target of ['/office-js/../secret.txt', '/office-js/%2e%2e/secret.txt', '/office-js/..%2fsecret.txt', '/assets/../../secret.txt', '/office-js/%2e%2e%5csecret.txt']) {
      const res = await rawGet(t.server.port, target);
      expect(res.status, target).toBe(404);
      expect(res.body).not.toContain('segreto');
    }
    expect(resolveInside('/srv/x', '../y')).toBeNull();
    expect(resolveInside('/srv/x', 'a/%00b')).toBeNull();
    expect(resolveInside('/srv/x', 'a/b.js')).toBe(path.resolve('/srv/x/a/b.js'));
  });

  it('answers 404 JSON for a missing file and 405 for writes', async () => {
    const res = await fetch(`${t.server.url}/assets/nope.js`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain('non trovata');
    expect((await fetch(`${t.server.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('says to run `npm run build` when the task pane is not built (503)', async () => {
    const res = await fetch(`${missing.server.url}/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});

// Issue 8 defect 15: @microsoft/office-js says it is no longer supported and that add-ins load
// Office.js from Microsoft's CDN; the packaged copy stays for tests and air-gapped networks.
describe('where the pane loads office.js from (--office-js cdn | local)', () => {
  it("production default is Microsoft's CDN, written into the served page", async () => {
    expect(defaultStaticDirs().officeJsUrl).toBe(OFFICE_JS_CDN);
    expect(defaultStaticDirs('local').officeJsUrl).toBe(OFFICE_JS_LOCAL);
    for (const p of ['/', '/index.html', '/taskpane.html']) {
      const html = await (await fetch(cdn.server.url + p)).text();
      expect(html).toContain(`<script src="${OFFICE_JS_CDN}"></script>`);
      expect(html).not.toContain(OFFICE_JS_LOCAL);
    }
  });

  it('local serves the packaged copy from this server (tests, air-gapped networks)', async () => {
    const html = await (await fetch(`${t.server.url}/`)).text();
    expect(html).toContain(OFFICE_JS_TAG);
    expect(html).not.toContain('appsforoffice');
  });

  it('the pane source keeps the script tag the server rewrites', async () => {
    expect(await readFile(path.join(REPO_ROOT, 'addin', 'index.html'), 'utf8')).toContain(OFFICE_JS_TAG);
  });

  it('--office-js accepts cdn and local, and says so in Italian otherwise', () => {
    expect(parseOfficeJsSource(undefined)).toBe('cdn');
    expect(parseOfficeJsSource('local')).toBe('local');
    expect(() => parseOfficeJsSource('http://evil')).toThrow(/--office-js.*ammessi: cdn, local/);
  });
});

describe('manifest.xml', () => {
  it('is served with its URLs rewritten to the origin the server is reached at', async () => {
    const res = await fetch(`${t.server.url}/manifest.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain(`<SourceLocation DefaultValue="http://127.0.0.1:${t.server.port}/"/>`);
    expect(xml).toContain(`http://127.0.0.1:${t.server.port}/assets/icon-32.png`);
    expect(xml).not.toContain('https://localhost:3000');
  });

  it('ignores Host and X-Forwarded-Host without --trust-proxy (issue 14: a poisoned manifest could be cached)', async () => {
    const res = await fetch(`${t.server.url}/manifest.xml`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'piao.comune.example.it' } });
    const xml = await res.text();
    expect(xml).not.toContain('piao.comune.example.it');
    expect(xml).toContain(`<SourceLocation DefaultValue="http://127.0.0.1:${t.server.port}/"/>`);
    // Trusted forwarding headers and --public-url: test/security/identity-manifest.test.ts.
  });
});
