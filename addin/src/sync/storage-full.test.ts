/**
 * The pane's side of a full disk on the server (issue 14 item 14), through the real server with the
 * store failing like SQLite (SQLITE_FULL): the room shows the server's reason ("archiviazione piena, le
 * modifiche restano sul tuo dispositivo") while it cannot save, and once the server stores the edits
 * again the notice goes away and the room says saved — the notice is not a permanent read-only state.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addRow } from '@piao/shared/doc/rows';
import { REASON_STORAGE_FULL } from '@piao/shared/protocol/resilience';
import { DB_FILE } from '../../../sync-server/src/data-dir';
import { openSqliteStorage } from '../../../sync-server/src/storage/sqlite';
import { failingStorage, type FailingStorage } from '../../../sync-server/src/storage/testing/failing-storage';
import { ENTE, TRIENNIO, makeDataDir, seedPlan, startTestServer, waitFor, type TestServer } from '../../../test/support/server-harness';
import { RoomConnection } from './room-connection';

const SECTOR = 'lavori-pubblici';

describe('a full disk on the server, seen from the pane', () => {
  let t: TestServer;
  let store: FailingStorage;
  beforeAll(async () => {
    const dataDir = await makeDataDir();
    await seedPlan(dataDir, { ente: ENTE, triennio: TRIENNIO, sectors: [SECTOR] });
    store = failingStorage(openSqliteStorage(path.join(dataDir, DB_FILE)));
    t = await startTestServer({ dataDir, config: { storage: store } });
  });
  afterAll(async () => {
    store.heal();
    await t.stop();
  });

  it('shows the reason while the server cannot save, then clears it once the edits are stored', async () => {
    const c = new RoomConnection({
      serverUrl: t.syncUrl,
      ente: ENTE,
      triennio: TRIENNIO,
      room: SECTOR,
      token: await t.token({ role: 'editor', sectors: [SECTOR] }),
      persist: false,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    try {
      await waitFor(() => c.status.synced, 5000, 'sincronizzato');
      store.fail('SQLITE_FULL');
      addRow(c.doc, 'obiettivi', { codice: 'OB-PIENO' }, 'test');
      await waitFor(() => c.status.denied === REASON_STORAGE_FULL, 5000, 'avviso di archiviazione piena');
      expect(c.status.saved).toBe(false);
      store.heal();
      await waitFor(() => c.status.saved && c.status.denied === null, 20_000, 'salvato e avviso tolto');
    } finally {
      c.destroy();
    }
  }, 40_000);
});
