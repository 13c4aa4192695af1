/**
 * The pane's RoomConnection (stock y-websocket provider, `ws` polyfill) against the product server on
 * loopback (issue 10 §1: no more client-test fake server): real sockets, real SQLite, real tokens.
 * Where a test needs the server to hold back a commit, its store is the real SQLite store behind a
 * gate on `append` (the Storage interface of sync-server/src/storage/types.ts, wrapped as
 * sync-server/src/sync/ack.test.ts wraps it for a slow disk): the server confirms a save (message 100)
 * and relays an edit only after `append` resolves (commit-before-relay, sync-server/src/sync/ack.test.ts).
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { PERMISSION_DENIED_REASON } from '@piao/shared/protocol/wire';
import { DB_FILE, openDataDir } from '../../../sync-server/src/data-dir';
import { openSqliteStorage } from '../../../sync-server/src/storage/sqlite';
import type { Storage } from '../../../sync-server/src/storage/types';
import {
  ENTE,
  TRIENNIO,
  connectClient,
  makeDataDir,
  room,
  seedPlan,
  silentLogger,
  startTestServer,
  waitFor,
  waitSynced,
  type TestServer,
} from '../../../test/support/server-harness';
import { RoomConnection, localCacheName } from './room-connection';

const SECTORS = ['lavori-pubblici', 'finanze', 'tributi', 'personale'];
const open: Array<{ destroy(): void }> = [];

/** A store whose commits wait while `held` (they are queued, then run in order on `release`). */
interface GatedStorage extends Storage {
  held: boolean;
  /** `append` calls that started while held and have not committed yet. */
  readonly waiting: number;
  release(): void;
}

function gated(inner: Storage): GatedStorage {
  let queue: Array<() => void> = [];
  const s: GatedStorage = {
    ...inner,
    held: false,
    get waiting() {
      return queue.length;
    },
    append: async (records) => {
      if (s.held) await new Promise<void>((r) => queue.push(r));
      return inner.append(records);
    },
    release() {
      s.held = false;
      const q = queue;
      queue = [];
      for (const r of q) r();
    },
  };
  return s;
}

function connect(t: TestServer, sector: string, token: string): RoomConnection {
  const c = new RoomConnection({
    serverUrl: t.syncUrl,
    ente: ENTE,
    triennio: TRIENNIO,
    room: sector,
    token,
    persist: false,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  open.push(c);
  return c;
}

const editor = (sector: string) => ({ role: 'editor' as const, sectors: [sector] });
const codes = (d: Y.Doc) => readSheet(d, 'obiettivi').map((r) => r.values.codice).sort();

afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});

describe('RoomConnection against the real server', () => {
  let t: TestServer;
  let store: GatedStorage;
  beforeAll(async () => {
    const dataDir = await makeDataDir();
    await seedPlan(dataDir, { ente: ENTE, triennio: TRIENNIO, sectors: SECTORS });
    store = gated(openSqliteStorage(path.join(dataDir, DB_FILE)));
    t = await startTestServer({ dataDir, config: { storage: store } });
  });
  afterAll(async () => {
    store.release();
    await t.stop();
  });

  it('connects to /sync/<ente>/<triennio>/<room> with the token and ack=1, and the server confirms', async () => {
    const token = await t.token(editor('lavori-pubblici'));
    const c = connect(t, 'lavori-pubblici', token);
    const url = new URL(c.provider.url);
    expect(url.pathname).toBe('/sync/casale-monferrato/2022-2024/lavori-pubblici');
    expect(url.searchParams.get('token')).toBe(token);
    expect(url.searchParams.get('ack')).toBe('1');
    // "saved" needs the server's confirmation, which it sends only to ack=1 clients it accepted.
    await waitFor(() => c.status.state === 'saved', 5000, 'salvato');
  });

  it('says saved only after the server confirms it committed the edit', async () => {
    const c = connect(t, 'lavori-pubblici', await t.token(editor('lavori-pubblici')));
    await waitFor(() => c.status.state === 'saved', 5000, 'salvato');
    store.held = true;
    addRow(c.doc, 'obiettivi', { codice: 'LLPP-01', titolo: 'Manutenzione strade' }, 'test');
    expect(c.status.state).toBe('syncing');
    // The server has the edit and is committing it (the commit is held): still not saved.
    await waitFor(() => store.waiting > 0, 5000, 'commit in corso sul server');
    expect(c.status.state).toBe('syncing');
    expect(c.status.saved).toBe(false);
    store.release();
    await waitFor(() => c.status.state === 'saved', 5000, 'salvato dopo il commit');
    expect(c.status.saved).toBe(true);
  });

  it('receives other clients’ edits once stored, and stays saved', async () => {
    const a = connect(t, 'finanze', await t.token(editor('finanze')));
    const b = connect(t, 'finanze', await t.token(editor('finanze')));
    await waitFor(() => a.status.state === 'saved' && b.status.state === 'saved', 5000, 'entrambi salvati');
    store.held = true;
    addRow(a.doc, 'rischi', { codice: 'R1' }, 'test');
    await waitFor(() => store.waiting > 0, 5000, 'commit in corso sul server');
    // Not committed: not relayed, and a's edit is not saved.
    expect(readSheet(b.doc, 'rischi')).toHaveLength(0);
    expect(a.status.state).toBe('syncing');
    store.release();
    await waitFor(() => readSheet(b.doc, 'rischi').length === 1, 5000, 'modifica ricevuta da b');
    expect(b.status.state).toBe('saved');
    await waitFor(() => a.status.state === 'saved', 5000, 'a salvato');
  });

  it('reports a read-only connection from the auth message and never claims the edit was saved', async () => {
    const c = connect(t, 'tributi', await t.token({ role: 'viewer' }));
    await waitFor(() => c.status.state === 'saved', 5000, 'salvato');
    addRow(c.doc, 'obiettivi', { codice: 'NON-MIO' }, 'test');
    await waitFor(() => c.status.denied !== null, 5000, 'permesso negato');
    expect(c.status.denied).toBe(PERMISSION_DENIED_REASON);
    expect(c.status.state).toBe('syncing');
    expect(c.status.saved).toBe(false);
    // The server stored nothing: a fresh client sees the room empty.
    const check = connectClient(t.syncUrl, room('tributi'), await t.token({ role: 'viewer' }));
    open.push(check);
    await waitSynced(check);
    expect(readSheet(check.doc, 'obiettivi')).toHaveLength(0);
  });
});

describe('RoomConnection when the server goes away', () => {
  it('goes offline, keeps offline edits, and merges them with others’ on reconnect', async () => {
    const SECTOR = 'personale';
    let t = await startTestServer({ plans: [{ ente: ENTE, triennio: TRIENNIO, sectors: [SECTOR] }] });
    const { dataDir } = t;
    const port = Number(new URL(t.syncUrl).port);
    try {
      const c = connect(t, SECTOR, await t.token(editor(SECTOR)));
      await waitFor(() => c.status.state === 'saved', 5000, 'salvato');
      await t.stop({ keepData: true });
      await waitFor(() => c.status.state === 'offline', 5000, 'offline');
      addRow(c.doc, 'obiettivi', { codice: 'OFF-1' }, 'test');
      expect(c.status.state).toBe('offline');
      // Meanwhile someone else's edit reaches the stored room (as if through another server process).
      const other = new Y.Doc();
      addRow(other, 'obiettivi', { codice: 'ALTRO-1' }, 'test');
      const dd = await openDataDir(dataDir, { logger: silentLogger });
      await dd.appendUpdate(room(SECTOR), Y.encodeStateAsUpdate(other), 'altro');
      await dd.close();
      // The server comes back on the same port and data directory (same signing key: the token holds).
      t = await startTestServer({ dataDir, config: { port } });
      await waitFor(() => c.status.state === 'saved' && codes(c.doc).length === 2, 15_000, 'salvato e unito dopo la riconnessione');
      expect(codes(c.doc)).toEqual(['ALTRO-1', 'OFF-1']);
      const check = connectClient(t.syncUrl, room(SECTOR), await t.token({ role: 'viewer' }));
      open.push(check);
      await waitSynced(check);
      expect(codes(check.doc)).toEqual(['ALTRO-1', 'OFF-1']);
    } finally {
      for (const c of open.splice(0)) c.destroy();
      await t.stop();
    }
  }, 40_000);
});

describe('local copy per user', () => {
  it('names one IndexedDB database per room and user, so one user’s unsent edits never go out under another’s sign-in', () => {
    const r = 'casale-monferrato/2022-2024/finanze';
    expect(localCacheName(r, 'm.rossi')).not.toBe(localCacheName(r, 'g.bianchi'));
    expect(localCacheName(r, 'm.rossi')).toBe(`${r}@m.rossi`);
    expect(localCacheName(r, null)).toBe(r);
  });
});
