/**
 * Issue 14, item 15: a frozen disk (fsfreeze) froze everything: health p50 2.7 s, other rooms
 * unreachable. With SQLite in its own thread (`storageThread`, what `piao serve` uses) a frozen disk
 * blocks only that thread: health answers, loaded rooms sync, /readyz says why it is not ready, the
 * author is told, and everything is stored once the disk thaws. The freeze is injected in the store's
 * thread (storage/testing/frozen-disk.ts). (With the store on the event loop this test cannot even
 * run: the freeze would block the test itself.)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { REASON_STORAGE_STALLED } from '@piao/shared/protocol/resilience';
import { DB_FILE } from '../../sync-server/src/data-dir';
import { openThreadedSqliteStorage } from '../../sync-server/src/storage/sqlite-thread';
import { frozenDisk } from '../../sync-server/src/storage/testing/frozen-disk';
import { connectClient, rawConnect, ENTE, makeDataDir, room, seedPlan, startTestServer, TRIENNIO, waitFor, waitSynced, type TestServer } from '../support/server-harness';

const A = 'lavori-pubblici';
const B = 'finanze';
const disk = frozenDisk();

describe('a frozen disk', () => {
  let ts: TestServer;
  beforeAll(async () => {
    const dataDir = await makeDataDir();
    await seedPlan(dataDir, { ente: ENTE, triennio: TRIENNIO, sectors: [A, B] });
    const storage = await openThreadedSqliteStorage(path.join(dataDir, DB_FILE), {}, disk.buffer);
    ts = await startTestServer({ dataDir, config: { storage } });
  }, 30_000);
  afterAll(async () => {
    disk.thaw();
    await ts.stop();
  });

  it('freezes only the store: health, other rooms and readiness answer; nothing is lost after the thaw', async () => {
    const token = await ts.token({ role: 'coordinator' });
    const author = connectClient(ts.syncUrl, room(A), token, { ack: true });
    const other = connectClient(ts.syncUrl, room(A), token);
    const readerB = connectClient(ts.syncUrl, room(B), token);
    try {
      await Promise.all([waitSynced(author), waitSynced(other), waitSynced(readerB)]);
      const rawB = await rawConnect(`${ts.syncUrl}/${room(B)}?token=${token}`);
      await waitFor(() => rawB.messages.length > 0, 5000, 'connessione grezza a B');
      disk.freeze();
      addRow(author.doc, 'obiettivi', { codice: 'OB-GELO' }, 'test');
      const savedBefore = author.saved.length;

      // The event loop is free: health answers, another room answers a sync request from memory.
      expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
      const before = rawB.messages.length;
      rawB.ws!.send(Buffer.from([0, 0, 1, 0]));
      await waitFor(() => rawB.messages.slice(before).some((m) => m[0] === 0 && m[1] === 1), 5000, 'risposta della stanza B');
      // After a few seconds the server says it is not ready, and why.
      await waitFor(async () => (await fetch(`${ts.server.url}/readyz`)).status === 503, 10_000, 'non pronto');
      const body = (await (await fetch(`${ts.server.url}/readyz`)).json()) as { error: string };
      expect(body.error).toBe(REASON_STORAGE_STALLED);
      // A further edit is refused with the reason, not queued behind the frozen write.
      addRow(author.doc, 'obiettivi', { codice: 'OB-GELO-2' }, 'test');
      await waitFor(() => author.denied.includes(REASON_STORAGE_STALLED), 5000, 'avviso di archivio bloccato');
      expect(author.saved.length).toBe(savedBefore);
      expect(readSheet(other.doc, 'obiettivi')).toHaveLength(0);

      disk.thaw();
      await waitFor(async () => (await fetch(`${ts.server.url}/readyz`)).status === 200, 10_000, 'di nuovo pronto');
      await waitFor(() => readSheet(other.doc, 'obiettivi').length === 2, 10_000, 'entrambe le righe arrivano');
      await waitFor(() => {
        const sv = author.saved.at(-1);
        return !!sv && (Y.decodeStateVector(sv).get(author.doc.clientID) ?? 0) >= Y.getState(author.doc.store, author.doc.clientID);
      }, 10_000, 'conferma di salvataggio');
      const stored = await ts.server.storage.load(room(A));
      const doc = new Y.Doc();
      for (const u of [stored.snapshot, ...stored.updates]) if (u) Y.applyUpdate(doc, u);
      expect(readSheet(doc, 'obiettivi').map((r) => r.values.codice).sort()).toEqual(['OB-GELO', 'OB-GELO-2']);
    } finally {
      author.destroy();
      other.destroy();
      readerB.destroy();
    }
    // New connections wait while the disk is frozen: the client-id registry re-reads the room's log on
    // each connection (sync/client-ids.ts); they complete after the thaw.
  }, 60_000);
});
