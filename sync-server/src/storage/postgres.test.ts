import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';
import { storedRecord } from './plan-records';
import { migratePostgres } from './postgres-migrate';
import { openPostgresStorage } from './postgres';
import { storageSuite } from './storage-suite';

// PIAO_TEST_DATABASE_URL or a throwaway cluster (test/support/postgres.ts); one database per fixture.
storageSuite('PostgreSQL', async () => {
  const db = await createTestDatabase();
  return { open: () => openPostgresStorage(db.url), dispose: () => db.drop() };
});

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);
afterAll(() => db.drop());

it('PostgreSQL: migrations are recorded and applied once, also by instances opening together', async () => {
  const stores = await Promise.all([openPostgresStorage(db.url), openPostgresStorage(db.url), openPostgresStorage(db.url)]);
  const pool = new pg.Pool({ connectionString: db.url });
  try {
    const rows = (await pool.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
    expect(rows).toEqual([{ version: 1, name: 'log-snapshots-plans' }]);
    expect(await migratePostgres(pool)).toEqual([]);
    const sc = (await pool.query("SHOW synchronous_commit")).rows[0];
    expect(sc).toBeDefined();
  } finally {
    await pool.end();
    await Promise.all(stores.map((s) => s.close()));
  }
});

it('PostgreSQL: a failed migration leaves the schema as it was and says which', async () => {
  const pool = new pg.Pool({ connectionString: db.url });
  try {
    await openPostgresStorage(db.url).then((s) => s.close());
    await expect(migratePostgres(pool, [{ version: 1, name: 'x', sql: '' }, { version: 2, name: 'rotta', sql: 'CREATE TABLE t (a int); SELEC 1' }])).rejects.toThrow(
      /syntax/,
    );
    const t = (await pool.query("SELECT to_regclass('public.t') AS t")).rows[0];
    expect(t).toEqual({ t: null });
    expect((await pool.query('SELECT max(version) AS v FROM schema_migrations')).rows[0]).toEqual({ v: 1 });
  } finally {
    await pool.end();
  }
});

it('PostgreSQL: only one instance compacts a room at a time; appends wait for it and land after the snapshot', async () => {
  const [a, b] = await Promise.all([openPostgresStorage(db.url), openPostgresStorage(db.url)]);
  try {
    const room = 'asti/2025-2027/compatta';
    const u = new Uint8Array([0, 0]);
    await a.append(Array.from({ length: 50 }, () => ({ room, sub: 's', at: 1, update: u })));
    const results = await Promise.all([a.compact(room), b.compact(room), a.append([{ room, sub: 's', at: 2, update: u }])]);
    const merged = [results[0].merged, results[1].merged];
    // Exactly one merged the 50 records (the other either skipped or came after and found 0 or the one append).
    expect(merged.filter((m) => m >= 50)).toHaveLength(1);
    const st = await b.load(room);
    expect(st.lastSeq).toBe(results[2][0]);
    expect((await b.history({ roomPrefix: 'asti/' })).length).toBe(51);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

it('PostgreSQL: a listener whose connection is killed reconnects by itself, reports the gap, and hears later appends', async () => {
  const [a, b] = await Promise.all([openPostgresStorage(db.url), openPostgresStorage(db.url)]);
  const admin = new pg.Pool({ connectionString: db.url });
  try {
    const heard: string[] = [];
    let gaps = 0;
    const stop = await b.subscribe!(
      (n) => heard.push(n.room),
      () => gaps++,
    );
    const u = new Uint8Array([0, 0]);
    await a.append([{ room: 'asti/2025-2027/prima', sub: 's', at: 1, update: u }]);
    await expect.poll(() => heard).toEqual(['asti/2025-2027/prima']);
    // The database ends the listening session (as a restart or a failover would).
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN piao_updates'",
    );
    expect(killed.rowCount).toBe(1);
    await a.append([{ room: 'asti/2025-2027/persa', sub: 's', at: 2, update: u }]);
    await expect.poll(() => gaps, { timeout: 10_000 }).toBe(1);
    await a.append([{ room: 'asti/2025-2027/dopo', sub: 's', at: 3, update: u }]);
    await expect.poll(() => heard.at(-1), { timeout: 5_000 }).toBe('asti/2025-2027/dopo');
    await stop();
  } finally {
    await admin.end();
    await Promise.all([a.close(), b.close()]);
  }
});

it('PostgreSQL: records of one plan commit in seq order across instances, so a plan-wide reader after seq N misses none', async () => {
  const s = await openPostgresStorage(db.url);
  const other = new pg.Client({ connectionString: db.url });
  await other.connect();
  try {
    // Another instance's append to room a of the plan, in flight: lock taken, seq drawn, not committed.
    await other.query('BEGIN');
    await other.query("SELECT pg_advisory_xact_lock(1, hashtext('ordine/2025-2027/'))");
    const inflight = Number((await other.query("INSERT INTO updates (room, sub, at, data) VALUES ('ordine/2025-2027/a', 'x', 1, '\\x0000') RETURNING seq")).rows[0].seq);
    // This instance appends to room b of the same plan; when it resolves, a reader of the plan after
    // any earlier seq must already see the other record.
    const seen = s.append([storedRecord({ room: 'ordine/2025-2027/b', sub: 'y', at: 2, update: new Uint8Array([0, 0]) })]).then(async ([seq]) => ({
      seq: seq!,
      history: (await s.history({ roomPrefix: 'ordine/2025-2027/' })).map((h) => h.seq),
    }));
    // Wait until this append is blocked on the other instance's lock (a lock request not granted).
    for (let i = 0; ; i++) {
      const waiting = Number((await other.query('SELECT count(*) AS n FROM pg_locks WHERE NOT granted')).rows[0].n);
      if (waiting > 0) break;
      if (i > 500) throw new Error('l’append non si è mai messo in attesa del lock');
      await new Promise((r) => setImmediate(r));
    }
    await other.query('COMMIT');
    const { seq, history } = await seen;
    expect(seq).toBeGreaterThan(inflight);
    expect(history).toEqual([inflight, seq]);
  } finally {
    await other.end();
    await s.close();
  }
});
