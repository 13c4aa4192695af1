import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../test/support/postgres';
import { silentLogger } from '../../../test/support/server-harness';
import { startServer, type RunningServer } from '../server';

// A cluster of its own (not PIAO_TEST_DATABASE_URL): the test stops the database server.
describe('/readyz with PostgreSQL unreachable and nobody writing', () => {
  let cluster: Cluster;
  let dataDir: string;
  let server: RunningServer | null = null;
  beforeAll(async () => {
    cluster = await startCluster();
    dataDir = await mkdtemp(path.join(tmpdir(), 'piao-pg-ready-'));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    cluster.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 naming the database while it is down, 200 again once it is back, with no edit at all', async () => {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE piao_ready');
    await admin.end();
    const u = new URL(cluster.adminUrl);
    u.pathname = '/piao_ready';
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, databaseUrl: u.toString() });
    const readyz = async () => {
      const res = await fetch(`${server!.url}/readyz`);
      return { status: res.status, body: (await res.json()) as { error?: string } };
    };
    expect((await readyz()).status).toBe(200);

    cluster.pause();
    await expect.poll(async () => (await readyz()).status, { timeout: 10_000 }).toBe(503);
    expect((await readyz()).body.error).toMatch(/database non raggiungibile/);
    // Alive all the same: the process answers, only readiness is off.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    cluster.resume();
    await expect.poll(async () => (await readyz()).status, { timeout: 15_000 }).toBe(200);
  }, 60_000);
});
