import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, applyChanges, readSheet } from '@piao/shared/doc/rows';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';
import { connectClient, principal, room, sameContent, silentLogger, waitSynced, type TestClient } from '../../../test/support/server-harness';
import { openDataDir } from '../data-dir';
import { startServer, type RunningServer } from '../server';
import { openDatabase } from '../storage/database-url';

const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024' };
const R = room('lavori-pubblici');

describe('two instances on one PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];
  let tokens: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    // One data folder for both: they share the signing key, as instances behind one balancer must.
    dataDir = await mkdtemp(path.join(tmpdir(), 'piao-cluster-'));
    const dd = await openDataDir(dataDir, { storage: await openDatabase(db.url) });
    const seed = new Y.Doc();
    applyChanges(seed, [{ kind: 'add', sheet: 'settori', values: { id: 'lavori-pubblici', denominazione: 'Lavori pubblici' } }], 'test');
    await dd.plans.createPlan(PLAN);
    await dd.appendUpdate(roomName(PLAN.ente, PLAN.triennio, PLAN_ROOM), Y.encodeStateAsUpdate(seed), 'seed');
    tokens = await Promise.all([0, 1, 2, 3].map((i) => dd.auth.sign(principal({ role: 'editor', sub: `e${i}`, sectors: ['lavori-pubblici'] }), 3600)));
    await dd.close();
    for (let i = 0; i < 2; i++) {
      servers.push(await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, databaseUrl: db.url, compactThreshold: 30 }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all(servers.map((s) => s.close()));
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('an update committed by one instance reaches the clients of the other, both ways, and they converge', async () => {
    const urls = servers.map((s) => `${s.url.replace(/^http/, 'ws')}/sync`);
    // Clients 0 and 2 on instance 0, 1 and 3 on instance 1.
    for (let i = 0; i < 4; i++) clients.push(connectClient(urls[i % 2]!, R, tokens[i]!, { ack: true }));
    for (const c of clients) await waitSynced(c, 10_000);

    addRow(clients[0]!.doc, 'obiettivi', { codice: 'DA-ISTANZA-0' }, 'test');
    await expect.poll(() => readSheet(clients[1]!.doc, 'obiettivi').map((r) => r.values.codice), { timeout: 5000 }).toEqual(['DA-ISTANZA-0']);
    addRow(clients[3]!.doc, 'obiettivi', { codice: 'DA-ISTANZA-1' }, 'test');
    await expect.poll(() => readSheet(clients[2]!.doc, 'obiettivi').length, { timeout: 5000 }).toBe(2);

    // A burst from every client at once (compaction runs meanwhile: threshold 30): all converge on
    // every row, and every instance's copy equals what PostgreSQL holds.
    for (let k = 0; k < 40; k++) {
      for (const [i, c] of clients.entries()) addRow(c.doc, 'obiettivi', { codice: `C${i}-${k}` }, 'test');
      await new Promise((r) => setImmediate(r));
    }
    await expect
      .poll(() => clients.every((c) => readSheet(c.doc, 'obiettivi').length === 2 + 4 * 40 && sameContent(c.doc, clients[0]!.doc)), { timeout: 20_000 })
      .toBe(true);
    for (const s of servers) {
      const doc = await s.rooms.getDoc(R);
      expect(sameContent(doc, clients[0]!.doc)).toBe(true);
    }
    // Save confirmations still mean "stored": each client's own edits are confirmed by its instance.
    await expect
      .poll(() => clients.every((c) => (Y.decodeStateVector(c.saved.at(-1) ?? new Uint8Array([0])).get(c.doc.clientID) ?? 0) === Y.getState(c.doc.store, c.doc.clientID)), {
        timeout: 10_000,
      })
      .toBe(true);
    const history = await servers[0]!.storage.history({ roomPrefix: R });
    expect(new Set(history.map((h) => h.sub))).toEqual(new Set(['e0', 'e1', 'e2', 'e3']));
  }, 60_000);
});
