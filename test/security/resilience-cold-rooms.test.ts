/**
 * Issue 14, item 10 (remaining part): "100 clients connecting to 5 cold rooms wait 12 s with health
 * p50 2.8–4.7 s". Five rooms each hold many small uncompacted records written straight into storage
 * before the server starts (so they are cold); then 100 stock y-websocket clients (20 per room)
 * connect at once. Conditions, not timings of the load itself: every client gets every row, each room
 * is loaded from storage once, the client-id registry reads each room's log once (not per connection),
 * and /healthz keeps answering within a bound while the rooms load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import * as Y from 'yjs';
import { DB_FILE } from '../../sync-server/src/data-dir';
import { storedRecord } from '../../sync-server/src/storage/plan-records';
import { openSqliteStorage } from '../../sync-server/src/storage/sqlite';
import type { Storage } from '../../sync-server/src/storage/types';
import { connectClient, makeDataDir, room, seedPlan, startTestServer, TRIENNIO, ENTE, waitFor, type TestClient, type TestServer } from '../support/server-harness';

const SECTORS = ['s1', 's2', 's3', 's4', 's5'];
const RECORDS = Number(process.env.PIAO_COLD_RECORDS ?? 12_000);
const CLIENTS_PER_ROOM = 20;
/** A health answer slower than this means the event loop was held by a room load. */
const HEALTH_BOUND_MS = 1_000;

/** RECORDS updates of one document, each pushing one row (what many small edits leave in the log). */
function smallUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const rows = doc.getArray<string>('righe');
  for (let i = 0; i < RECORDS; i++) rows.push([`riga ${i}`]);
  doc.destroy();
  return updates;
}

describe('cold rooms do not stall the server', () => {
  let ts: TestServer;
  const loads = new Map<string, number>();
  const historyReads = new Map<string, number>();

  beforeAll(async () => {
    const dataDir = await makeDataDir();
    await seedPlan(dataDir, { ente: ENTE, triennio: TRIENNIO, sectors: SECTORS });
    const updates = smallUpdates();
    const seed = openSqliteStorage(path.join(dataDir, DB_FILE));
    for (const s of SECTORS) {
      for (let i = 0; i < updates.length; i += 2_000) {
        await seed.append(updates.slice(i, i + 2_000).map((update) => storedRecord({ room: room(s), sub: 'seed', at: Date.now(), update })));
      }
    }
    await seed.close();
    // The real SQLite store, counting the reads a connection causes.
    const base = openSqliteStorage(path.join(dataDir, DB_FILE));
    const storage: Storage = Object.create(base) as Storage;
    storage.load = (name) => {
      loads.set(name, (loads.get(name) ?? 0) + 1);
      return base.load(name);
    };
    storage.history = (q) => {
      if (q?.roomPrefix) historyReads.set(q.roomPrefix, (historyReads.get(q.roomPrefix) ?? 0) + 1);
      return base.history(q);
    };
    ts = await startTestServer({ dataDir, config: { storage } });
  }, 60_000);
  afterAll(async () => {
    await ts?.stop();
  });

  it('100 clients on 5 cold rooms all sync, each room loads once, health keeps answering', async () => {
    const tokens = await Promise.all(
      Array.from({ length: SECTORS.length * CLIENTS_PER_ROOM }, (_, i) => ts.token({ role: 'coordinator', sub: `coord-${i}` })),
    );
    let polling = true;
    let worstHealthMs = 0;
    let healthAnswers = 0;
    const poll = (async () => {
      while (polling) {
        const t0 = performance.now();
        const r = await fetch(`${ts.server.url}/healthz`);
        await r.arrayBuffer();
        expect(r.status).toBe(200);
        worstHealthMs = Math.max(worstHealthMs, performance.now() - t0);
        healthAnswers++;
        await new Promise((res) => setTimeout(res, 20));
      }
    })();

    const clients: TestClient[] = [];
    try {
      SECTORS.forEach((s, si) => {
        for (let c = 0; c < CLIENTS_PER_ROOM; c++) clients.push(connectClient(ts.syncUrl, room(s), tokens[si * CLIENTS_PER_ROOM + c]!));
      });
      await waitFor(() => clients.every((c) => c.provider.synced && c.doc.getArray('righe').length === RECORDS), 60_000, 'tutti i client sincronizzati');
    } finally {
      polling = false;
      await poll;
      for (const c of clients) c.destroy();
    }
    console.log(`stanze fredde: ${RECORDS} record per stanza, /healthz peggiore ${worstHealthMs.toFixed(0)} ms su ${healthAnswers} risposte`);
    for (const c of clients) expect(c.doc.getArray('righe').get(RECORDS - 1)).toBe(`riga ${RECORDS - 1}`);
    for (const s of SECTORS) {
      expect(loads.get(room(s)), `caricamenti di ${room(s)}`).toBe(1);
      // One read of the whole log, in pages of 2,000 (client-ids.ts HISTORY_PAGE), not one per connection.
      expect(historyReads.get(room(s)), `letture del registro di ${room(s)}`).toBeLessThanOrEqual(Math.ceil(RECORDS / 2_000) + 1);
    }
    expect(healthAnswers).toBeGreaterThan(1);
    expect(worstHealthMs).toBeLessThan(HEALTH_BOUND_MS);
  }, 120_000);
});
