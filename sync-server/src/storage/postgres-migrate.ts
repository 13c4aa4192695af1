import type pg from 'pg';
import { PG_MIGRATIONS, type Migration } from './migrations/pg';

/** Advisory lock key held while migrating: instances starting together apply each migration once. */
const MIGRATION_LOCK = 0x5049414f; // "PIAO"

/**
 * Applies the migrations not yet recorded, all in one transaction under an advisory lock (DDL is
 * transactional in PostgreSQL: a failure leaves the schema as it was). Returns the versions applied.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly Migration[] = PG_MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  // A connection lost mid-migration rejects the query; without a listener it would also be thrown.
  if (client.listenerCount('error') === 0) client.on('error', () => {});
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const stored = Math.max(0, ...done);
    if (stored > newest) throw new Error(`Il database PostgreSQL ha lo schema ${stored}, più recente di questo server (${newest}): aggiornare piao`);
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
