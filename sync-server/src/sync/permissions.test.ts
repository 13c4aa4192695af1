import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as Y from 'yjs';
import { SignJWT } from 'jose';
import { addRow, deleteRow, readSheet } from '@piao/shared/doc/rows';
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
} from '../../../test/support/server-harness';
import { SECRET_FILE } from '../auth/secret';
import { PERMISSION_DENIED_REASON } from './protocol';

describe('permissions', () => {
  let ts: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    ts = await startTestServer({
      plans: [
        { ente: 'casale-monferrato', triennio: '2022-2024', sectors: ['lavori-pubblici', 'ragioneria'] },
        { ente: 'asti', triennio: '2022-2024', sectors: ['ragioneria'] },
      ],
    });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await ts.stop();
  });
  const open = async (r: string, token: string) => {
    const c = connectClient(ts.syncUrl, r, token);
    clients.push(c);
    await waitSynced(c);
    return c;
  };

  it('viewer and wrong-sector editor writes never reach storage or other clients; they are told', async () => {
    const writer = await open(room('lavori-pubblici'), await ts.token({ role: 'editor', sectors: ['lavori-pubblici'] }));
    const seeded = addRow(writer.doc, 'obiettivi', { codice: 'OB-1' }, 'test');
    deleteRow(writer.doc, 'obiettivi', addRow(writer.doc, 'obiettivi', { codice: 'tmp' }, 'test'), 'test');
    await waitFor(async () => (await storedBytes(ts.server)).records >= 4, 5000, 'scrittura iniziale');

    const viewer = await open(room('lavori-pubblici'), await ts.token({ role: 'viewer', sub: 'oiv' }));
    const stranger = await open(room('lavori-pubblici'), await ts.token({ role: 'editor', sub: 'rag', sectors: ['ragioneria'] }));
    const watcher = await open(room('lavori-pubblici'), await ts.token({ role: 'coordinator' }));
    await waitFor(() => readSheet(viewer.doc, 'obiettivi').length === 1 && readSheet(stranger.doc, 'obiettivi').length === 1, 5000, 'lettura');
    // Syncing a document that has deletions is not a write attempt.
    expect(viewer.denied).toEqual([]);
    expect(stranger.denied).toEqual([]);

    const before = await storedBytes(ts.server);
    addRow(viewer.doc, 'obiettivi', { codice: 'VIEWER' }, 'test');
    addRow(stranger.doc, 'obiettivi', { codice: 'STRANGER' }, 'test');
    deleteRow(stranger.doc, 'obiettivi', seeded, 'test');
    await waitFor(() => viewer.denied.length > 0 && stranger.denied.length > 0, 5000, 'permission denied');
    expect(viewer.denied[0]).toBe(PERMISSION_DENIED_REASON);
    expect(stranger.denied[0]).toBe(PERMISSION_DENIED_REASON);

    // A later legitimate write reaches everyone; the refused ones never do.
    addRow(writer.doc, 'obiettivi', { codice: 'OB-2' }, 'test');
    await waitFor(() => readSheet(watcher.doc, 'obiettivi').length === 2, 5000, 'scrittura legittima');
    const codes = readSheet(watcher.doc, 'obiettivi').map((r) => r.values.codice);
    expect(codes).toEqual(['OB-1', 'OB-2']);
    expect(readSheet(writer.doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['OB-1', 'OB-2']);
    const after = await storedBytes(ts.server);
    expect(after.records).toBe(before.records + 1);
    const history = await ts.server.ctx.plans.history({ ente: 'casale-monferrato', triennio: '2022-2024' });
    const subs = new Set(history.map((h) => h.sub));
    expect(subs.has('oiv') || subs.has('rag')).toBe(false);
    // The connections stay open (read-only, still served).
    expect(viewer.provider.wsconnected && stranger.provider.wsconnected).toBe(true);
  });

  it('an editor writes only their sectors and reads _piano', async () => {
    const token = await ts.token({ role: 'editor', sectors: ['ragioneria'] });
    const own = await open(room('ragioneria'), token);
    const plan = await open(room('_piano'), token);
    const before = await storedBytes(ts.server);
    addRow(own.doc, 'rischi', { codice: 'R-1' }, 'test');
    plan.doc.getMap('ente').set('denominazione', 'Hackerato');
    await waitFor(() => plan.denied.length > 0, 5000, 'denied su _piano');
    await waitFor(async () => (await storedBytes(ts.server)).records === before.records + 1, 5000, 'scrittura propria');
    expect(own.denied).toEqual([]);
  });

  async function status(url: string): Promise<{ status?: number; messages: number }> {
    const r = await rawConnect(url);
    const s = { status: r.status, messages: r.messages.length };
    r.ws?.terminate();
    return s;
  }

  it('refuses bad tokens, other administrations and unknown rooms at the upgrade', async () => {
    const base = `${ts.syncUrl}/${room('lavori-pubblici')}`;
    const good = await ts.token({ role: 'coordinator' });
    expect((await status(`${base}?token=${good}`)).status).toBeUndefined();

    expect(await status(base)).toEqual({ status: 401, messages: 0 });
    expect(await status(`${base}?token=garbage`)).toEqual({ status: 401, messages: 0 });
    const forged = await new SignJWT({ name: 'x', ente: 'casale-monferrato', role: 'coordinator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(new Uint8Array(32).fill(7));
    expect(await status(`${base}?token=${forged}`)).toEqual({ status: 401, messages: 0 });
    const secret = Buffer.from((await readFile(path.join(ts.dataDir, SECRET_FILE), 'utf8')).trim(), 'base64url');
    const expired = await new SignJWT({ name: 'x', ente: 'casale-monferrato', role: 'coordinator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('late')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    expect(await status(`${base}?token=${expired}`)).toEqual({ status: 401, messages: 0 });
    const asti = await ts.token({ role: 'coordinator', ente: 'asti' });
    expect(await status(`${base}?token=${asti}`)).toEqual({ status: 403, messages: 0 });
    expect((await status(`${ts.syncUrl}/${room('ragioneria', 'asti')}?token=${asti}`)).status).toBeUndefined();

    expect(await status(`${ts.syncUrl}/${room('urbanistica')}?token=${good}`)).toEqual({ status: 404, messages: 0 });
    expect(await status(`${ts.syncUrl}/${room('_piano', 'casale-monferrato', '2025-2027')}?token=${good}`)).toEqual({ status: 404, messages: 0 });
    expect(await status(`${ts.syncUrl}/not-a-room?token=${good}`)).toEqual({ status: 404, messages: 0 });
    expect(await status(`${ts.server.url.replace(/^http/, 'ws')}/other?token=${good}`)).toEqual({ status: 404, messages: 0 });
    // Authorization: Bearer works too.
    const r = await rawConnect(base, { authorization: `Bearer ${good}` });
    expect(r.status).toBeUndefined();
    r.ws?.terminate();
  });

  it('nothing of a refused room is ever sent: the stock client stays empty', async () => {
    const writer = await open(room('ragioneria', 'asti'), await ts.token({ role: 'coordinator', ente: 'asti' }));
    addRow(writer.doc, 'obiettivi', { codice: 'SEGRETO' }, 'test');
    await waitFor(async () => (await ts.server.storage.rooms('asti/')).some((x) => x.room.endsWith('/ragioneria')), 5000, 'stored');
    const spy = connectClient(ts.syncUrl, room('ragioneria', 'asti'), await ts.token({ role: 'coordinator' }));
    clients.push(spy);
    await new Promise((r) => setTimeout(r, 300));
    expect(spy.provider.synced).toBe(false);
    expect(Y.encodeStateVector(spy.doc)).toEqual(Y.encodeStateVector(new Y.Doc()));
    expect(spy.received).toEqual([]);
  });
});
