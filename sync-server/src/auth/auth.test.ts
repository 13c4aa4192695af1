import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, stat, chmod } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { AuthError, type Principal } from '../context';
import { createHsAuth, createOidcAuth } from './jwt';
import { loadOrCreateSecret, SECRET_FILE } from './secret';

// Node's Web Crypto key type: the server's tsconfig has no DOM library, where the global one lives.
type CryptoKey = webcrypto.CryptoKey;

const editor: Principal = { sub: 'u1', name: 'Anna Rossi', ente: 'casale-monferrato', role: 'editor', sectors: ['lavori-pubblici'] };

async function rejects(p: Promise<unknown>): Promise<{ status: number } | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(AuthError);
    return { status: (err as AuthError).status };
  }
}

describe('HS256 tokens and the data-directory secret', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'piao-auth-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates the secret once, mode 0600, and reuses it', async () => {
    const a = await loadOrCreateSecret(dir);
    const b = await loadOrCreateSecret(dir);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect((await stat(path.join(dir, SECRET_FILE))).mode & 0o777).toBe(0o600);
    // Concurrent first starts agree on one key.
    const other = await mkdtemp(path.join(tmpdir(), 'piao-auth-'));
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateSecret(other)));
    for (const k of keys) expect(k).toEqual(keys[0]);
    await rm(other, { recursive: true, force: true });
  });

  it('tightens a secret file readable by others', async () => {
    await chmod(path.join(dir, SECRET_FILE), 0o644);
    await loadOrCreateSecret(dir);
    expect((await stat(path.join(dir, SECRET_FILE))).mode & 0o777).toBe(0o600);
  });

  it('signs and verifies the claims; refuses missing, forged, expired and malformed tokens', async () => {
    const secret = await loadOrCreateSecret(dir);
    const auth = createHsAuth(secret);
    const verified = await auth.verify(await auth.sign(editor, 60));
    expect(verified).toEqual({ ...editor, exp: expect.any(Number), iat: expect.any(Number), jti: expect.any(String) });
    expect(verified.exp! - verified.iat!).toBe(60);
    // A refreshed token keeps the id it was given.
    expect((await auth.verify(await auth.sign({ ...editor, jti: 'keep-me' }, 60))).jti).toBe('keep-me');
    const coord = await auth.verify(await auth.sign({ ...editor, role: 'coordinator', sectors: ['x'] }, 60));
    expect(coord.sectors).toEqual([]);

    expect(await rejects(auth.verify(''))).toEqual({ status: 401 });
    expect(await rejects(auth.verify('a.b.c'))).toEqual({ status: 401 });
    expect(await rejects(createHsAuth(new Uint8Array(32).fill(1)).verify(await auth.sign(editor, 60)))).toEqual({ status: 401 });
    const sign = (claims: Record<string, unknown>, exp: number, key = secret) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').setJti('t1').setExpirationTime(exp).sign(key);
    const now = Math.floor(Date.now() / 1000);
    expect(await rejects(auth.verify(await sign({ ente: 'casale-monferrato', role: 'viewer' }, now - 10)))).toEqual({ status: 401 });
    expect(await rejects(auth.verify(await sign({ ente: 'casale-monferrato', role: 'admin' }, now + 60)))).toEqual({ status: 403 });
    expect(await rejects(auth.verify(await sign({ role: 'viewer' }, now + 60)))).toEqual({ status: 403 });
    // No jti: refused (every token must be revocable on its own).
    const noJti = await new SignJWT({ ente: 'casale-monferrato', role: 'viewer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').setExpirationTime(now + 60).sign(secret);
    expect(await rejects(auth.verify(noJti))).toEqual({ status: 401 });
    // No exp: refused (tokens must expire).
    const noExp = await new SignJWT({ ente: 'casale-monferrato', role: 'viewer' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1').sign(secret);
    expect(await rejects(auth.verify(noExp))).toEqual({ status: 401 });
    // alg "none" and other algorithms are not accepted.
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u1', ente: 'casale-monferrato', role: 'coordinator', exp: now + 60 })).toString('base64url')}.`;
    expect(await rejects(auth.verify(unsigned))).toEqual({ status: 401 });
    expect(await readFile(path.join(dir, SECRET_FILE), 'utf8')).not.toContain('{');
  });
});

describe('OIDC tokens verified against a JWKS', () => {
  let jwksServer: Server;
  let jwksUrl: string;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/keys`;
  });
  afterAll(() => new Promise<void>((r) => jwksServer.close(() => r())));

  const entra = (claims: Record<string, unknown>, opts: { key?: CryptoKey; iss?: string; aud?: string; exp?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('oid-123')
      .setIssuer(opts.iss ?? 'https://login.microsoftonline.com/tenant/v2.0')
      .setAudience(opts.aud ?? 'api://piao')
      .setExpirationTime(opts.exp ?? '1h')
      .sign(opts.key ?? privateKey);

  it('maps provider claims to a principal and refuses wrong issuer, audience, key', async () => {
    const auth = createOidcAuth({
      jwksUrl,
      issuer: 'https://login.microsoftonline.com/tenant/v2.0',
      audience: 'api://piao',
      claims: { ente: 'extension_ente', role: 'roles', sectors: 'extension_settori' },
    });
    const token = await entra({ name: 'Bruno Bianchi', extension_ente: 'casale-monferrato', roles: ['Other', 'editor'], extension_settori: 'lavori-pubblici,ragioneria' });
    expect(await auth.verify(token)).toEqual({
      sub: 'oid-123',
      name: 'Bruno Bianchi',
      ente: 'casale-monferrato',
      role: 'editor',
      sectors: ['lavori-pubblici', 'ragioneria'],
      exp: expect.any(Number),
    });
    const claims = { extension_ente: 'casale-monferrato', roles: ['viewer'] };
    expect(await rejects(auth.verify(await entra(claims, { iss: 'https://evil' })))).toEqual({ status: 401 });
    expect(await rejects(auth.verify(await entra(claims, { aud: 'api://other' })))).toEqual({ status: 401 });
    expect(await rejects(auth.verify(await entra(claims, { key: otherKey })))).toEqual({ status: 401 });
    expect(await rejects(auth.verify(await entra(claims, { exp: '-1m' })))).toEqual({ status: 401 });
    expect(await rejects(auth.verify(await entra({ roles: ['viewer'] })))).toEqual({ status: 403 });
    await expect(auth.sign(editor, 60)).rejects.toThrow();
  });
});
