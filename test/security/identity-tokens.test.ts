/**
 * Issue 14, item 1: an expired token kept working on an open socket (a row written after expiry was
 * stored and relayed); tokens could not be revoked. Through the real server and stock y-websocket
 * clients: the socket closes at `exp` with an auth message and our close code, a fresh token is
 * accepted on reconnect, `piao token revoke` (by jti and by user) refuses the token at the upgrade, on
 * the HTTP API and on connections already open, and `POST /api/token/refresh` renews a valid token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { decodeJwt } from 'jose';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import {
  CLOSE_TOKEN_EXPIRED,
  CLOSE_TOKEN_REVOKED,
  encodeTokenMessage,
  REASON_TOKEN_EXPIRED,
  REASON_TOKEN_REVOKED,
  TOKEN_REFRESH_PATH,
} from '@piao/shared/protocol/identity';
import { revokeCommand } from '../../sync-server/src/cli/token';
import { Revocations } from '../../sync-server/src/auth/revocations';
import {
  connectClient,
  rawConnect,
  room,
  startTestServer,
  storedBytes,
  waitFor,
  waitSynced,
  type TestClient,
  type TestServer,
} from '../support/server-harness';

const LP = 'lavori-pubblici';

describe('identity: token expiry, revocation, refresh', () => {
  let ts: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    ts = await startTestServer({ plans: [{ ente: 'casale-monferrato', triennio: '2022-2024', sectors: [LP] }] });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await ts.stop();
  });

  /** A stock client that records the close codes it sees. */
  const open = async (token: string, doc?: Y.Doc) => {
    const c = connectClient(ts.syncUrl, room(LP), token, doc ? { doc } : {});
    const closes: number[] = [];
    c.provider.on('connection-close', (ev) => {
      if (ev) closes.push(ev.code);
    });
    clients.push(c);
    return { c, closes };
  };
  const upgradeStatus = async (token: string) => {
    const r = await rawConnect(`${ts.syncUrl}/${room(LP)}?token=${token}`);
    r.ws?.close();
    return r.status ?? 101;
  };
  const api = (token: string, path = '/api/plans', init: RequestInit = {}) =>
    fetch(`${ts.server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

  it('closes an open connection when its token expires; nothing written after expiry is stored; a fresh token reconnects', async () => {
    const sub = 'scade';
    const short = await ts.token({ role: 'editor', sub, sectors: [LP] }, 2);
    const exp = decodeJwt(short).exp! * 1000;
    const { c, closes } = await open(short);
    await waitSynced(c);
    addRow(c.doc, 'obiettivi', { codice: 'PRIMA' }, 'test');
    await waitFor(async () => (await ts.server.storage.history()).some((h) => h.sub === sub), 5000, 'riga prima della scadenza');

    await waitFor(() => closes.includes(CLOSE_TOKEN_EXPIRED), 6000, 'chiusura alla scadenza');
    expect(Date.now()).toBeGreaterThanOrEqual(exp);
    expect(c.denied).toContain(REASON_TOKEN_EXPIRED);
    // The stock client keeps retrying with the same token: every attempt is now refused at the upgrade.
    expect(await upgradeStatus(short)).toBe(401);

    const before = await storedBytes(ts.server);
    addRow(c.doc, 'obiettivi', { codice: 'DOPO' }, 'test');
    // Wait for at least one reconnection attempt with the expired token, then check nothing was stored.
    await waitFor(() => closes.length >= 2 || !c.provider.wsconnected, 3000, 'tentativo di riconnessione');
    expect(await storedBytes(ts.server)).toEqual(before);
    c.destroy();

    // The same document reconnects with a fresh token: the row typed meanwhile is stored, not lost.
    const fresh = await ts.token({ role: 'editor', sub, sectors: [LP] }, 3600);
    const again = await open(fresh, c.doc);
    await waitSynced(again.c);
    const watcher = await open(await ts.token({ role: 'viewer' }));
    await waitFor(() => readSheet(watcher.c.doc, 'obiettivi').some((r) => r.values.codice === 'DOPO'), 5000, 'riga dopo il nuovo token');
  });

  it('a fresh token of the same user sent on the open connection keeps it open past the old expiry; another user’s token closes it', async () => {
    const sub = 'rinnova-aperto';
    const short = await ts.token({ role: 'editor', sub, sectors: [LP] }, 2);
    const exp = decodeJwt(short).exp! * 1000;
    const { c, closes } = await open(short);
    await waitSynced(c);
    c.provider.ws!.send(new Uint8Array(encodeTokenMessage('non-un-token')));
    c.provider.ws!.send(new Uint8Array(encodeTokenMessage(await ts.token({ role: 'editor', sub, sectors: [LP] }, 3600))));
    await waitFor(() => Date.now() > exp + 500, 4000, 'scadenza del primo token');
    expect(closes).toEqual([]);
    addRow(c.doc, 'obiettivi', { codice: 'DOPO-RINNOVO' }, 'test');
    await waitFor(async () => (await ts.server.storage.history()).some((h) => h.sub === sub), 5000, 'riga dopo il rinnovo');

    c.provider.ws!.send(new Uint8Array(encodeTokenMessage(await ts.token({ role: 'editor', sub: 'qualcun-altro', sectors: [LP] }, 3600))));
    await waitFor(() => closes.includes(CLOSE_TOKEN_EXPIRED), 5000, 'chiusura per token di un altro utente');
  });

  it('revoking one token (jti) refuses it everywhere and closes its open connection; other tokens of the user still work', async () => {
    const sub = 'revoca-jti';
    const token = await ts.token({ role: 'editor', sub, sectors: [LP] });
    const other = await ts.token({ role: 'editor', sub, sectors: [LP] });
    const { c, closes } = await open(token);
    await waitSynced(c);
    expect((await api(token)).status).toBe(200);

    await revokeCommand({ data: ts.dataDir, jti: decodeJwt(token).jti! });

    await waitFor(() => closes.includes(CLOSE_TOKEN_REVOKED), 5000, 'chiusura della connessione aperta');
    expect(c.denied).toContain(REASON_TOKEN_REVOKED);
    expect(await upgradeStatus(token)).toBe(401);
    const res = await api(token);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(/revocato/);
    expect(await upgradeStatus(other)).toBe(101);
    expect((await api(other)).status).toBe(200);
  });

  it('revoking a user refuses every token issued until then, open or not; a token issued afterwards works', async () => {
    const sub = 'revoca-utente';
    const a = await ts.token({ role: 'editor', sub, sectors: [LP] });
    const b = await ts.token({ role: 'viewer', sub });
    const bystander = await ts.token({ role: 'viewer', sub: 'altro' });
    const first = await open(a);
    const second = await open(b);
    const third = await open(bystander);
    await Promise.all([waitSynced(first.c), waitSynced(second.c), waitSynced(third.c)]);

    // A second process (as the CLI is) writes the deny list while the server runs.
    const rev = Revocations.open(ts.dataDir);
    try {
      rev.revokeSub(sub);
    } finally {
      rev.close();
    }
    const revokedAt = Date.now();
    await waitFor(() => first.closes.includes(CLOSE_TOKEN_REVOKED) && second.closes.includes(CLOSE_TOKEN_REVOKED), 5000, 'chiusura di tutte le connessioni');
    expect(third.closes).toEqual([]);
    expect(await upgradeStatus(a)).toBe(401);
    expect(await upgradeStatus(b)).toBe(401);
    expect(await upgradeStatus(bystander)).toBe(101);

    // iat has one-second resolution: a token signed in a later second than the revocation is valid.
    await waitFor(() => Math.floor(Date.now() / 1000) > Math.floor(revokedAt / 1000), 2000, 'secondo successivo');
    const renewed = await ts.token({ role: 'editor', sub, sectors: [LP] });
    expect(await upgradeStatus(renewed)).toBe(101);
  });

  it('POST /api/token/refresh renews a valid token (same user, same jti, same lifetime) and refuses expired, revoked or query-string tokens', async () => {
    const sub = 'rinnovo';
    const token = await ts.token({ role: 'editor', sub, name: 'Rina Novo', sectors: [LP] }, 600);
    const res = await api(token, TOKEN_REFRESH_PATH, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { token: string; exp: number };
    const claims = decodeJwt(body.token);
    expect(claims).toMatchObject({ sub, name: 'Rina Novo', role: 'editor', sectors: [LP], jti: decodeJwt(token).jti, exp: body.exp });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(await upgradeStatus(body.token)).toBe(101);

    expect((await api(token, TOKEN_REFRESH_PATH)).status).toBe(405);
    expect((await fetch(`${ts.server.url}${TOKEN_REFRESH_PATH}?token=${token}`, { method: 'POST' })).status).toBe(401);

    const expired = await ts.token({ role: 'viewer', sub }, 1);
    await waitFor(() => Date.now() / 1000 > decodeJwt(expired).exp!, 3000, 'scadenza');
    expect((await api(expired, TOKEN_REFRESH_PATH, { method: 'POST' })).status).toBe(401);

    // Revoking the jti also ends the refreshed token: it carries the same id.
    await revokeCommand({ data: ts.dataDir, jti: claims.jti! });
    expect((await api(body.token, TOKEN_REFRESH_PATH, { method: 'POST' })).status).toBe(401);
    expect((await api(token, TOKEN_REFRESH_PATH, { method: 'POST' })).status).toBe(401);
  });
});
