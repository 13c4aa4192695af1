import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import {
  connectClient,
  makeDataDir,
  room,
  seedPlan,
  startTestServer,
  waitFor,
  waitSynced,
  type TestClient,
  type TestServer,
} from '../../../test/support/server-harness';
import { DB_FILE } from '../data-dir';
import { openSqliteStorage } from '../storage/sqlite';
import type { Storage } from '../storage/types';

const COMMIT_DELAY_MS = 150;

/** Clocks of a state vector, as a plain map. */
function clocks(sv: Uint8Array): Map<number, number> {
  return Y.decodeStateVector(sv);
}

function covers(server: Map<number, number>, local: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((server.get(client) ?? 0) < clock) return false;
  return true;
}

describe('save confirmation (ack=1) and commit-before-relay', () => {
  let ts: TestServer;
  let db: Database.Database;
  const clients: TestClient[] = [];
  const R = room('lavori-pubblici');

  /** The room's state vector as committed in the database, read from a separate connection. */
  function committedSv(): Map<number, number> {
    const rows = db.prepare('SELECT data FROM updates WHERE room = ? ORDER BY seq').all(R) as Array<{ data: Buffer }>;
    const doc = new Y.Doc();
    for (const r of rows) Y.applyUpdate(doc, r.data);
    return clocks(Y.encodeStateVector(doc));
  }

  beforeAll(async () => {
    const dataDir = await makeDataDir();
    await seedPlan(dataDir, { ente: 'casale-monferrato', triennio: '2022-2024', sectors: ['lavori-pubblici'] });
    // A slow disk: every commit takes COMMIT_DELAY_MS, so anything sent before the commit would show.
    const inner = openSqliteStorage(path.join(dataDir, DB_FILE));
    const slow: Storage = {
      ...inner,
      append: async (records) => {
        await new Promise((r) => setTimeout(r, COMMIT_DELAY_MS));
        return inner.append(records);
      },
    };
    ts = await startTestServer({ dataDir, config: { storage: slow } });
    db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    db.close();
    await ts.stop();
  });

  it('confirms after the initial sync and after each commit, never before; only to ack=1 clients', async () => {
    const token = await ts.token({ role: 'editor', sectors: ['lavori-pubblici'] });
    const violations: string[] = [];
    const acker: TestClient = connectClient(ts.syncUrl, R, token, {
      ack: true,
      onSaved: (sv) => {
        // Checked at the moment the confirmation arrives: everything it confirms is in the database.
        if (!covers(committedSv(), clocks(sv))) violations.push('conferma prima del commit');
      },
    });
    const plain = connectClient(ts.syncUrl, R, token);
    clients.push(acker, plain);
    await waitSynced(acker);
    await waitSynced(plain);
    await waitFor(() => acker.saved.length >= 1, 2000, 'conferma iniziale');
    await new Promise((r) => setTimeout(r, 50));
    const initial = acker.saved.length;

    const plainSawBeforeCommit: boolean[] = [];
    plain.doc.on('update', () => plainSawBeforeCommit.push(!covers(committedSv(), clocks(Y.encodeStateVector(plain.doc)))));

    addRow(acker.doc, 'obiettivi', { codice: 'OB-1' }, 'test');
    await new Promise((r) => setTimeout(r, COMMIT_DELAY_MS / 2));
    // Mid-commit: neither the confirmation nor the relay has gone out.
    expect(acker.saved).toHaveLength(initial);
    expect(readSheet(plain.doc, 'obiettivi')).toHaveLength(0);

    await waitFor(() => covers(clocks(acker.saved.at(-1)!), clocks(Y.encodeStateVector(acker.doc))), 3000, 'conferma');
    await waitFor(() => readSheet(plain.doc, 'obiettivi').length === 1, 3000, 'relay');

    // A burst: the last confirmation covers everything, and none arrived early.
    for (let i = 2; i <= 20; i++) addRow(acker.doc, 'obiettivi', { codice: `OB-${i}` }, 'test');
    await waitFor(() => covers(clocks(acker.saved.at(-1)!), clocks(Y.encodeStateVector(acker.doc))), 5000, 'conferma del burst');
    await waitFor(() => readSheet(plain.doc, 'obiettivi').length === 20, 5000, 'relay del burst');

    expect(violations).toEqual([]);
    expect(plainSawBeforeCommit.length).toBeGreaterThan(0);
    expect(plainSawBeforeCommit.every((early) => !early)).toBe(true);
    expect(plain.saved).toEqual([]);
    // Confirmations are grouped per commit, not one per update.
    expect(acker.saved.length - initial).toBeLessThan(20);
  });

  it('confirms an update that adds nothing new (already stored)', async () => {
    const token = await ts.token({ role: 'editor', sectors: ['lavori-pubblici'] });
    const c = connectClient(ts.syncUrl, R, token, { ack: true });
    clients.push(c);
    await waitSynced(c);
    await waitFor(() => c.saved.length >= 1, 2000, 'conferma iniziale');
    await new Promise((r) => setTimeout(r, 50));
    const n = c.saved.length;
    // Re-sending what the server already has (e.g. after a reconnect) is confirmed too.
    c.provider.ws!.send(new Uint8Array([0, 2, ...encodeVarArray(Y.encodeStateAsUpdate(c.doc))]));
    await waitFor(() => c.saved.length === n + 1, 2000, 'conferma del duplicato');
    expect(covers(clocks(c.saved.at(-1)!), clocks(Y.encodeStateVector(c.doc)))).toBe(true);
  });
});

function encodeVarArray(u: Uint8Array): number[] {
  const out: number[] = [];
  let n = u.length;
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n >>>= 7;
  }
  out.push(n);
  return [...out, ...u];
}
