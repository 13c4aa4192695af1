/**
 * Issue 14, item 14: a full disk. The server says so (`/readyz` 503, metric), tells the author
 * "archiviazione piena, le modifiche restano sul tuo dispositivo" without closing its connection (a
 * close made y-websocket reconnect and resend in a tight loop), and asks for the change again once
 * writes work: nothing is lost. At start, "disco pieno" rather than a bare SQLITE_FULL.
 * The failure is injected in the store (storage/testing/failing-storage.ts: SQLITE_FULL as
 * better-sqlite3 throws it); everything else is real (SQLite, server, stock y-websocket clients).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { REASON_STORAGE_FULL } from '@piao/shared/protocol/resilience';
import * as Y from 'yjs';
import { DB_FILE } from '../../sync-server/src/data-dir';
import { startServer } from '../../sync-server/src/server';
import { openSqliteStorage } from '../../sync-server/src/storage/sqlite';
import { failingStorage, type FailingStorage } from '../../sync-server/src/storage/testing/failing-storage';
import { connectClient, makeDataDir, room, seedPlan, silentLogger, startTestServer, waitFor, waitSynced, type TestServer } from '../support/server-harness';

const SECTOR = 'lavori-pubblici';
const R = room(SECTOR);
const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024', sectors: [SECTOR] };

describe('disk full while running', () => {
  let ts: TestServer;
  let store: FailingStorage;

  beforeAll(async () => {
    const dataDir = await makeDataDir();
    await seedPlan(dataDir, PLAN);
    store = failingStorage(openSqliteStorage(path.join(dataDir, DB_FILE)));
    ts = await startTestServer({ dataDir, config: { storage: store } });
  });
  afterAll(async () => {
    store.heal();
    await ts.stop();
  });

  it('is not ready, tells the author without closing, and stores the change once the disk has room', async () => {
    const author = connectClient(ts.syncUrl, R, await ts.token({ role: 'editor', sectors: [SECTOR] }), { ack: true });
    const reader = connectClient(ts.syncUrl, R, await ts.token({ role: 'viewer' }));
    let disconnects = 0;
    author.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected') disconnects++;
    });
    try {
      await waitSynced(author);
      await waitSynced(reader);
      expect((await fetch(`${ts.server.url}/readyz`)).status).toBe(200);

      store.fail('SQLITE_FULL');
      addRow(author.doc, 'obiettivi', { codice: 'OB-PIENO', titolo: 'Scritto a disco pieno' }, 'test');
      await waitFor(() => author.denied.includes(REASON_STORAGE_FULL), 5000, 'avviso di archiviazione piena');

      const ready = await fetch(`${ts.server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { error: string }).error).toBe(REASON_STORAGE_FULL);
      expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${ts.server.url}/metrics`)).text()).toMatch(/^piao_storage_writable 0$/m);

      // More edits while full: told again (at most every 2 s), never disconnected, nothing relayed.
      for (let i = 0; i < 20; i++) addRow(author.doc, 'obiettivi', { codice: `OB-P${i}` }, 'test');
      const failedBefore = store.failedWrites;
      await new Promise((r) => setTimeout(r, 1500));
      expect(disconnects).toBe(0);
      expect(author.provider.wsconnected).toBe(true);
      // The server did not try to store each edit (no retry storm against the full disk).
      expect(store.failedWrites - failedBefore).toBeLessThanOrEqual(3);
      expect(readSheet(reader.doc, 'obiettivi')).toHaveLength(0);

      store.heal();
      await waitFor(async () => (await fetch(`${ts.server.url}/readyz`)).status === 200, 20_000, 'di nuovo pronto');
      await waitFor(() => readSheet(reader.doc, 'obiettivi').length === 21, 10_000, 'le righe arrivano agli altri');
      const stored = new Y.Doc();
      const state = await ts.server.storage.load(R);
      for (const u of [state.snapshot, ...state.updates]) if (u) Y.applyUpdate(stored, u);
      expect(readSheet(stored, 'obiettivi').map((r) => r.values.codice)).toContain('OB-PIENO');
      // The author is told it is saved only now.
      await waitFor(() => {
        const sv = author.saved.at(-1);
        return !!sv && Y.decodeStateVector(sv).get(author.doc.clientID) === Y.decodeStateVector(Y.encodeStateVector(author.doc)).get(author.doc.clientID);
      }, 5000, 'conferma di salvataggio');
      expect(disconnects).toBe(0);
    } finally {
      author.destroy();
      reader.destroy();
    }
  });
});

describe('disk full on an HTTP write', () => {
  it('creating a plan answers 503 with Retry-After and says nothing was saved, not a bare 500', async () => {
    const dataDir = await makeDataDir();
    const store = failingStorage(openSqliteStorage(path.join(dataDir, DB_FILE)));
    const ts = await startTestServer({ dataDir, config: { storage: store } });
    try {
      store.fail('SQLITE_FULL');
      const token = await ts.token({ role: 'coordinator' });
      const res = await fetch(`${ts.server.url}/api/plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ente: 'casale-monferrato', triennio: '2025-2027', denominazione: 'Comune', sectors: [{ id: 'finanze', denominazione: 'Finanze' }] }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('10');
      expect(((await res.json()) as { error: string }).error).toBe('Archiviazione del server piena: nessuna modifica salvata, riprovare più tardi');
      store.heal();
      expect(await store.listPlans()).toEqual([]);
    } finally {
      store.heal();
      await ts.stop();
    }
  });
});

describe('disk full at start', () => {
  it('says "disco pieno" and names the file', async () => {
    const dataDir = await makeDataDir();
    const store = failingStorage(openSqliteStorage(path.join(dataDir, DB_FILE)));
    store.fail('SQLITE_FULL');
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, storage: store })).rejects.toThrow(
      /^Disco pieno: impossibile aprire o scrivere .*piao\.sqlite/,
    );
    store.heal();
    await store.close();
  });
});
