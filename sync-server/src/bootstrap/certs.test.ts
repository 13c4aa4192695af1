import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevCerts, trustAdvice } from './certs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'piao-certs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function get(port: number, ca: Buffer, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', servername: host, port, path: '/', ca, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}

describe('ensureDevCerts', () => {
  it('generates a CA and a localhost certificate offline, reuses them, and an HTTPS client trusting the CA connects', async () => {
    const first = await ensureDevCerts(dir);
    expect(first.generated).toBe(true);
    expect((await stat(first.caPath)).isFile()).toBe(true);
    const x = new X509Certificate(first.cert);
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.verify(new X509Certificate(first.ca).publicKey)).toBe(true);

    const again = await ensureDevCerts(dir);
    expect(again.generated).toBe(false);
    expect(again.cert.equals(first.cert)).toBe(true);

    const server = https.createServer({ key: again.key, cert: again.cert }, (_req, res) => res.end('ciao'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      expect(await get((server.address() as AddressInfo).port, again.ca, 'localhost')).toBe('ciao');
    } finally {
      server.close();
    }
  }, 120_000);

  it('regenerates a certificate that expires soon or is corrupt', async () => {
    const current = await ensureDevCerts(dir);
    const inTwoYears = new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000);
    const renewed = await ensureDevCerts(dir, inTwoYears);
    expect(renewed.generated).toBe(true);
    expect(renewed.cert.equals(current.cert)).toBe(false);
    await writeFile(path.join(dir, 'localhost.key'), 'rotto');
    expect((await ensureDevCerts(dir)).generated).toBe(true);
  }, 120_000);

  it('explains how to trust the CA with its path', () => {
    const lines = trustAdvice('/x/ca.crt');
    expect(lines.join('\n')).toContain('/x/ca.crt');
    expect(lines.some((l) => l.includes('update-ca-certificates'))).toBe(true);
  });
});
