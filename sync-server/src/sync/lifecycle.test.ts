import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import {
  connectClient,
  rawConnect,
  room,
  sameContent,
  startTestServer,
  waitFor,
  waitSynced,
  type TestServer,
} from '../../../test/support/server-harness';
import { openDataDir } from '../data-dir';
import { registry } from '../metrics';

const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024', sectors: ['lavori-pubblici'] };

describe('room lifecycle, dead peers, graceful close', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ plans: [PLAN], config: { idleUnloadMs: 150, pingIntervalMs: 100 } });
  });
  afterAll(() => ts.stop());

  it('unloads an idle room and reloads it intact', async () => {
    const R = room('lavori-pubblici');
    const token = await ts.token({ role: 'coordinator' });
    const a = connectClient(ts.syncUrl, R, token);
    await waitSynced(a);
    addRow(a.doc, 'obiettivi', { codice: 'OB-1' }, 'test');
    await waitFor(async () => (await ts.server.storage.history({ roomPrefix: R })).length === 1, 3000, 'stored');
    expect(ts.server.rooms.loadedRooms()).toContain(R);
    a.destroy();
    await waitFor(() => !ts.server.rooms.loadedRooms().includes(R), 3000, 'stanza scaricata');
    const b = connectClient(ts.syncUrl, R, token);
    await waitSynced(b);
    expect(readSheet(b.doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['OB-1']);
    b.destroy();
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/piao_updates_stored_total \d+/);
    expect(metrics).toContain('piao_commit_seconds_bucket');
  });

  it('compacts in the background past the threshold; document and history unchanged', async () => {
    const other = await startTestServer({ plans: [PLAN], config: { compactThreshold: 10 } });
    const R = room('lavori-pubblici');
    const a = connectClient(other.syncUrl, R, await other.token({ role: 'coordinator' }));
    await waitSynced(a);
    for (let i = 0; i < 25; i++) {
      addRow(a.doc, 'obiettivi', { codice: `OB-${i}` }, 'test');
      await new Promise((r) => setImmediate(r));
    }
    await waitFor(async () => (await other.server.storage.history({ roomPrefix: R })).length === 25, 5000, 'tutto salvato');
    await waitFor(async () => (await other.server.storage.load(R)).snapshot !== null, 5000, 'snapshot');
    const st = await other.server.storage.load(R);
    expect(st.updates.length).toBeLessThan(10);
    expect(await other.server.storage.history({ roomPrefix: R })).toHaveLength(25);
    const b = connectClient(other.syncUrl, R, await other.token({ role: 'viewer' }));
    await waitSynced(b);
    expect(readSheet(b.doc, 'obiettivi')).toHaveLength(25);
    const fresh = new Y.Doc();
    for (const u of [st.snapshot!, ...st.updates]) Y.applyUpdate(fresh, u);
    expect(sameContent(fresh, a.doc)).toBe(true);
    a.destroy();
    b.destroy();
    await other.stop();
  });

  it('drops a peer that stops answering pings, keeps one that answers', async () => {
    const token = await ts.token({ role: 'viewer' });
    const url = `${ts.syncUrl}/${room('lavori-pubblici')}?token=${token}`;
    const dead = new WebSocket(url, { autoPong: false });
    const deadClosed = new Promise<void>((r) => dead.on('close', () => r()));
    const alive = await rawConnect(url);
    let aliveClosed = false;
    void alive.closed.then(() => (aliveClosed = true));
    await deadClosed;
    await new Promise((r) => setTimeout(r, 400));
    expect(aliveClosed).toBe(false);
    alive.ws!.terminate();
  });

  it('close() sends 1001 to clients, flushes and closes the database', async () => {
    const other = await startTestServer({ plans: [PLAN] });
    const c = connectClient(other.syncUrl, room('lavori-pubblici'), await other.token({ role: 'coordinator' }));
    const codes: number[] = [];
    c.provider.on('connection-close', (e: { code: number } | null) => e && codes.push(e.code));
    await waitSynced(c);
    for (let i = 0; i < 50; i++) addRow(c.doc, 'obiettivi', { codice: `OB-${i}` }, 'test');
    await waitFor(async () => (await other.server.storage.history()).length >= 2, 3000, 'prime scritture');
    // An import racing with close() is committed before the database closes.
    const src = new Y.Doc();
    addRow(src, 'rischi', { codice: 'R-LAST' }, 'import');
    const imported = other.server.ctx.rooms.applyUpdate(room('lavori-pubblici'), Y.encodeStateAsUpdate(src), 'importer');
    await other.server.close();
    await imported;
    c.destroy();
    expect(codes[0]).toBe(1001);
    const dd = await openDataDir(other.dataDir);
    const stored = await dd.loadRoomDoc(room('lavori-pubblici'));
    expect(readSheet(stored, 'obiettivi').length).toBeGreaterThan(0);
    expect(readSheet(stored, 'rischi').map((r) => r.values.codice)).toEqual(['R-LAST']);
    await dd.close();
    await other.stop();
  });
});
