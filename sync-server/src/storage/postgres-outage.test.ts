import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, applyChanges, readSheet } from '@piao/shared/doc/rows';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import { startCluster, type Cluster } from '../../../test/support/postgres';
import { connectClient, principal, room, silentLogger, waitSynced, type TestClient } from '../../../test/support/server-harness';
import { docFromState, openDataDir } from '../data-dir';
import { startServer, type RunningServer } from '../server';
import { openDatabase } from './database-url';

const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024' };
const R = room('lavori-pubblici');

/** Highest clock of `c`'s own edits its server confirmed as saved. */
const confirmed = (c: TestClient) => (c.saved.length > 0 ? (Y.decodeStateVector(c.saved.at(-1)!).get(c.doc.clientID) ?? 0) : 0);

// A cluster of its own (not PIAO_TEST_DATABASE_URL): the test stops the database server.
describe('PostgreSQL stopped during edits', () => {
  let cluster: Cluster;
  let url: string;
  let dataDir: string;
  let server: RunningServer | null = null;
  let client: TestClient | null = null;
  beforeAll(async () => {
    cluster = await startCluster();
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE piao_outage');
    await admin.end();
    const u = new URL(cluster.adminUrl);
    u.pathname = '/piao_outage';
    url = u.toString();
    dataDir = await mkdtemp(path.join(tmpdir(), 'piao-pg-outage-'));
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('confirms nothing while the database is down, answers /readyz 503, and stores every edit once it is back', async () => {
    const dd = await openDataDir(dataDir, { storage: await openDatabase(url) });
    const seed = new Y.Doc();
    applyChanges(seed, [{ kind: 'add', sheet: 'settori', values: { id: 'lavori-pubblici', denominazione: 'Lavori pubblici' } }], 'test');
    await dd.plans.createPlan(PLAN);
    await dd.appendUpdate(roomName(PLAN.ente, PLAN.triennio, PLAN_ROOM), Y.encodeStateAsUpdate(seed), 'seed');
    const token = await dd.auth.sign(principal({ role: 'editor', sub: 'e', sectors: ['lavori-pubblici'] }), 3600);
    await dd.close();

    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, databaseUrl: url });
    const c = connectClient(`${server.url.replace(/^http/, 'ws')}/sync`, R, token, { ack: true });
    client = c;
    await waitSynced(c, 10_000);
    addRow(c.doc, 'obiettivi', { codice: 'PRIMA' }, 'test');
    await expect.poll(() => confirmed(c), { timeout: 10_000 }).toBe(Y.getState(c.doc.store, c.doc.clientID));
    const before = confirmed(c);

    cluster.pause();
    for (let i = 0; i < 5; i++) addRow(c.doc, 'obiettivi', { codice: `DURANTE-${i}` }, 'test');
    await expect.poll(async () => (await fetch(`${server!.url}/readyz`)).status, { timeout: 10_000 }).toBe(503);
    // Nothing written while the database was down is confirmed.
    expect(confirmed(c)).toBe(before);

    cluster.resume();
    await expect.poll(() => confirmed(c), { timeout: 30_000 }).toBe(Y.getState(c.doc.store, c.doc.clientID));
    await expect.poll(async () => (await fetch(`${server!.url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
    // What was confirmed is in PostgreSQL, read through a connection of its own.
    const check = await openDatabase(url);
    try {
      const codes = readSheet(docFromState(await check.load(R)), 'obiettivi').map((r) => r.values.codice);
      expect(codes).toEqual(['PRIMA', 'DURANTE-0', 'DURANTE-1', 'DURANTE-2', 'DURANTE-3', 'DURANTE-4']);
    } finally {
      await check.close();
    }
  }, 90_000);
});
