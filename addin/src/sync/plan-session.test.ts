/**
 * The pane's PlanSession (one RoomConnection for _piano and one per opened sector) against the product
 * server on loopback (issue 10 §1). The server's commits are held by a gate on the real SQLite store's
 * `append` (Storage interface, sync-server/src/storage/types.ts) to show the session's state follows
 * the worst of its rooms: syncing until the server has committed, then saved.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { DB_FILE } from '../../../sync-server/src/data-dir';
import { openSqliteStorage } from '../../../sync-server/src/storage/sqlite';
import type { Storage } from '../../../sync-server/src/storage/types';
import {
  ENTE,
  TRIENNIO,
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
import { PlanSession } from './plan-session';

let t: TestServer;
let held = false;
const waiting: Array<() => void> = [];
let session: PlanSession | null = null;
const clients: TestClient[] = [];

beforeAll(async () => {
  const dataDir = await makeDataDir();
  await seedPlan(dataDir, { ente: ENTE, triennio: TRIENNIO, sectors: ['finanze', 'tributi'] });
  const inner = openSqliteStorage(path.join(dataDir, DB_FILE));
  const store: Storage = {
    ...inner,
    append: async (records) => {
      if (held) await new Promise<void>((r) => waiting.push(r));
      return inner.append(records);
    },
  };
  t = await startTestServer({ dataDir, config: { storage: store } });
});
afterEach(() => {
  session?.destroy();
  session = null;
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => {
  release();
  await t.stop();
});

function release(): void {
  held = false;
  for (const r of waiting.splice(0)) r();
}

describe('PlanSession', () => {
  it('opens _piano at once, each sector once, and reports the worst state of its rooms', async () => {
    session = new PlanSession({
      serverUrl: t.syncUrl,
      ente: ENTE,
      triennio: TRIENNIO,
      token: await t.token({ role: 'editor', sectors: ['finanze'] }),
      persist: false,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    expect(session.openRooms()).toEqual(['_piano']);
    let changes = 0;
    session.subscribe(() => changes++);
    const a = session.open('finanze');
    expect(session.open('finanze')).toBe(a);
    expect(session.openRooms()).toEqual(['_piano', 'finanze']);
    await waitFor(() => session!.syncState() === 'saved', 5000, 'sessione salvata');
    expect(changes).toBeGreaterThan(0);

    held = true;
    addRow(a.doc, 'obiettivi', { codice: 'FIN-1' }, 'test');
    expect(session.syncState()).toBe('syncing');
    await waitFor(() => waiting.length > 0, 5000, 'commit in corso sul server');
    expect(session.syncState()).toBe('syncing');
    release();
    await waitFor(() => session!.syncState() === 'saved', 5000, 'sessione salvata dopo il commit');
    // What the session calls saved is on the server: a fresh client reads it back.
    const check = connectClient(t.syncUrl, room('finanze'), await t.token({ role: 'viewer' }));
    clients.push(check);
    await waitSynced(check);
    expect(readSheet(check.doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['FIN-1']);

    expect(session.sectorDoc('finanze')).toBe(a.doc);
    expect(session.sectorDoc('_piano')).toBeUndefined();
    expect(session.sectorDoc('tributi')).toBeUndefined();
  });
});
