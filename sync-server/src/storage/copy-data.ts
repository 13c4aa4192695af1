import Database from 'better-sqlite3';
import pg from 'pg';
import { migratePostgres } from './postgres-migrate';

/** Rows read from SQLite and written to PostgreSQL per statement: memory stays flat on large logs. */
const PAGE = 1_000;

export interface CopyResult {
  records: number;
  snapshots: number;
  plans: number;
}

export class TargetNotEmptyError extends Error {}

/**
 * Copies an installation's SQLite store into an empty PostgreSQL database (issue 10: `piao copy-data`):
 * every audit record as it is (seq, room, sub, at, bytes, compacted), every snapshot, every plan. The
 * two schemas are the same (sqlite.ts, migrations/pg.ts), so rows move unchanged and seqs are kept
 * (history cursors held by panes stay valid); the seq sequence is then moved past the last one. One
 * PostgreSQL transaction: on any failure nothing is written. A target that already holds records or
 * plans is refused — merging two installations' seqs is not a copy.
 */
export async function copySqliteToPostgres(sqliteFile: string, url: string): Promise<CopyResult> {
  const src = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  const pool = new pg.Pool({ connectionString: url, max: 1, options: '-c synchronous_commit=on' });
  pool.on('error', () => {});
  try {
    await migratePostgres(pool);
    const c = await pool.connect();
    c.on('error', () => {});
    try {
      await c.query('BEGIN');
      // Nobody else writes while we copy (a server already started on the target would).
      await c.query('LOCK TABLE updates, snapshots, plans IN EXCLUSIVE MODE');
      const existing = await c.query<{ n: string }>('SELECT (SELECT count(*) FROM updates) + (SELECT count(*) FROM plans) AS n');
      if (Number(existing.rows[0]!.n) > 0) throw new TargetNotEmptyError('il database di destinazione contiene già dati');

      const read = src.prepare<[number, number], { seq: number; room: string; sub: string; at: number; data: Buffer; compacted: number }>(
        'SELECT seq, room, sub, at, data, compacted FROM updates WHERE seq > ? ORDER BY seq LIMIT ?',
      );
      let records = 0;
      let after = 0;
      for (;;) {
        const rows = read.all(after, PAGE);
        if (rows.length === 0) break;
        await c.query(
          'INSERT INTO updates (seq, room, sub, at, data, compacted) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bytea[], $6::boolean[])',
          [rows.map((r) => r.seq), rows.map((r) => r.room), rows.map((r) => r.sub), rows.map((r) => r.at), rows.map((r) => r.data), rows.map((r) => r.compacted !== 0)],
        );
        records += rows.length;
        after = rows.at(-1)!.seq;
      }
      // The next append continues after the copied seqs (explicit values do not move a bigserial).
      await c.query("SELECT setval(pg_get_serial_sequence('updates', 'seq'), GREATEST((SELECT max(seq) FROM updates), 1), (SELECT count(*) > 0 FROM updates))");

      let snapshots = 0;
      for (const s of src.prepare<[], { room: string; data: Buffer; upto_seq: number; at: number }>('SELECT room, data, upto_seq, at FROM snapshots').iterate()) {
        await c.query('INSERT INTO snapshots (room, data, upto_seq, at) VALUES ($1, $2, $3, $4)', [s.room, s.data, s.upto_seq, s.at]);
        snapshots++;
      }
      const plans = src.prepare<[], { ente: string; triennio: string; created_at: number }>('SELECT ente, triennio, created_at FROM plans').all();
      for (const p of plans) await c.query('INSERT INTO plans (ente, triennio, created_at) VALUES ($1, $2, $3)', [p.ente, p.triennio, p.created_at]);
      await c.query('COMMIT');
      return { records, snapshots, plans: plans.length };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  } finally {
    src.close();
    await pool.end().catch(() => {});
  }
}
