import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { HistoryEntry, PlanRef } from '../context';
import { mergeStored } from './merge';
import { listenChannel, listenForAppends } from './postgres-listen';
import { migratePostgres } from './postgres-migrate';
import type { AppendNotice, CompactionResult, HistoryQuery, PresenceChannel, RoomInfo, RoomState, Storage, UpdateRecord } from './types';

/** Channel of the append notices (see subscribe below and docs/decisions.md). */
export const NOTIFY_CHANNEL = 'piao_updates';
/** Channel of presence (awareness) between instances (see publishPresence below). */
export const PRESENCE_CHANNEL = 'piao_presence';
/** NOTIFY payloads must be shorter than 8000 bytes (https://www.postgresql.org/docs/current/sql-notify.html). */
const NOTIFY_MAX_BYTES = 7999;
/** Advisory lock namespaces (two-key form): appends to a room, compaction of a room. */
const APPEND_LOCK = 1;
const COMPACT_LOCK = 2;

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const blob = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export interface PostgresOptions {
  /** Connections in the pool (default 4). */
  poolSize?: number;
}

export interface PostgresStorage extends Storage, PresenceChannel {
  /** A round trip without writing (`SELECT 1`): the readiness probe (storage/db-probe.ts). */
  ping(): Promise<void>;
  /** This connection's id, carried by its notices so it does not hear itself. */
  readonly origin: string;
}

/**
 * PostgreSQL store (node-postgres). `append` resolves after COMMIT with synchronous_commit on, i.e. once
 * the commit record is flushed to the WAL (https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-SYNCHRONOUS-COMMIT).
 * Several processes may open the same database: appends to one room are serialised by an advisory lock
 * held to commit, and only one of them compacts a room at a time (pg_try_advisory_xact_lock).
 */
export async function openPostgresStorage(url: string, opts: PostgresOptions = {}): Promise<PostgresStorage> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 4, options: '-c synchronous_commit=on' });
  // An idle client losing its connection (database restarted) must not crash the server: the next
  // query fails instead and the durable log reports it.
  pool.on('error', () => {});
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  const origin = randomUUID();
  const listeners = new Set<() => Promise<void>>();
  let closed = false;
  let appendChain: Promise<unknown> = Promise.resolve();

  /**
   * A pooled client with an error listener while checked out: a connection lost between two queries
   * makes the client emit 'error', which with no listener is an uncaught exception that ends the
   * process (https://node-postgres.com/apis/pool#error; found by postgres-outage.test.ts).
   */
  async function checkout(): Promise<pg.PoolClient> {
    const c = await pool.connect();
    if (c.listenerCount('error') === 0) c.on('error', () => {});
    return c;
  }

  async function tx<T>(run: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await checkout();
    let failure: Error | undefined;
    try {
      await c.query('BEGIN');
      const value = await run(c);
      await c.query('COMMIT');
      return value;
    } catch (err) {
      failure = err as Error;
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      // A client that failed may hold a dead connection (database restarted): the pool destroys it
      // instead of handing it out again (https://node-postgres.com/apis/pool#releasing-clients).
      c.release(failure);
    }
  }

  const selectAfter = (c: pg.ClientBase, room: string, after: number) =>
    c.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE room = $1 AND seq > $2 ORDER BY seq', [room, after]);

  const storage: PostgresStorage = {
    origin,
    async append(records: readonly UpdateRecord[]) {
      if (records.length === 0) return [];
      // Appends through this object commit one after another in call order (as SQLite's do), so seqs
      // follow the calls; the durable log has one batch in flight anyway.
      const run = appendChain.then(() => tx(async (c) => {
        // Order locks (the plan, else the room) taken in one order (no deadlock between two batches)
        // and held to commit: a later append with the same key gets a higher seq AND commits later.
        for (const key of [...new Set(records.map((r) => r.orderKey ?? r.room))].sort()) {
          await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [APPEND_LOCK, key]);
        }
        const seqs: number[] = [];
        const last = new Map<string, number>();
        for (const r of records) {
          const res = await c.query<{ seq: string }>('INSERT INTO updates (room, sub, at, data) VALUES ($1, $2, $3, $4) RETURNING seq', [
            r.room,
            r.sub,
            r.at,
            blob(r.update),
          ]);
          const seq = Number(res.rows[0]!.seq);
          seqs.push(seq);
          last.set(r.room, seq);
          if (r.registersPlan) {
            await c.query('INSERT INTO plans (ente, triennio, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
              r.registersPlan.ente,
              r.registersPlan.triennio,
              r.at,
            ]);
          }
        }
        // Delivered only if the transaction commits, after it, in commit order.
        for (const [room, seq] of last) {
          await c.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, JSON.stringify({ room, seq, origin })]);
        }
        return seqs;
      }));
      appendChain = run.catch(() => {});
      return run;
    },
    async load(room): Promise<RoomState> {
      // REPEATABLE READ: the snapshot and the rows after it are read from one consistent view.
      const c = await checkout();
      let failure: Error | undefined;
      try {
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const snap = (await c.query<{ data: Buffer; upto_seq: string }>('SELECT data, upto_seq FROM snapshots WHERE room = $1', [room])).rows[0];
        const snapshotSeq = snap ? Number(snap.upto_seq) : 0;
        const rows = (await selectAfter(c, room, snapshotSeq)).rows;
        const lastSeq = rows.length > 0 ? Number(rows.at(-1)!.seq) : snapshotSeq;
        await c.query('COMMIT');
        return { snapshot: snap ? bytes(snap.data) : null, snapshotSeq, updates: rows.map((r) => bytes(r.data)), lastSeq };
      } catch (err) {
        failure = err as Error;
        await c.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        c.release(failure);
      }
    },
    async loadAfter(room, afterSeq) {
      const rows = (
        await pool.query<{ seq: string; data: Buffer }>('SELECT seq, data FROM updates WHERE room = $1 AND seq > $2 ORDER BY seq', [room, afterSeq])
      ).rows;
      return rows.map((r) => ({ seq: Number(r.seq), update: bytes(r.data) }));
    },
    async compact(room): Promise<CompactionResult> {
      return tx(async (c) => {
        const current = async () => {
          const r = (await c.query<{ upto_seq: string }>('SELECT upto_seq FROM snapshots WHERE room = $1', [room])).rows[0];
          return r ? Number(r.upto_seq) : 0;
        };
        const mine = (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok', [COMPACT_LOCK, room])).rows[0]!.ok;
        // Another instance is compacting this room: nothing to do here.
        if (!mine) return { merged: 0, snapshotSeq: await current() };
        // No need to hold appends: a room's appends commit in seq order, so an append still in flight
        // has a seq above every committed one read here and lands after the snapshot.
        const snap = (await c.query<{ data: Buffer; upto_seq: string }>('SELECT data, upto_seq FROM snapshots WHERE room = $1', [room])).rows[0];
        const from = snap ? Number(snap.upto_seq) : 0;
        const rows = (await selectAfter(c, room, from)).rows;
        if (rows.length === 0) return { merged: 0, snapshotSeq: from };
        const parts = rows.map((r) => bytes(r.data));
        if (snap) parts.unshift(bytes(snap.data));
        const upto = Number(rows.at(-1)!.seq);
        await c.query(
          'INSERT INTO snapshots (room, data, upto_seq, at) VALUES ($1, $2, $3, $4) ' +
            'ON CONFLICT (room) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, at = excluded.at',
          [room, blob(mergeStored(parts)), upto, Date.now()],
        );
        await c.query('UPDATE updates SET compacted = true WHERE room = $1 AND seq > $2 AND seq <= $3', [room, from, upto]);
        return { merged: rows.length, snapshotSeq: upto };
      });
    },
    async history(query: HistoryQuery = {}) {
      const prefix = query.roomPrefix ?? '';
      const rows = (
        await pool.query<{ seq: string; room: string; sub: string; at: string; data: Buffer }>(
          'SELECT seq, room, sub, at, data FROM updates WHERE seq > $1 AND left(room, length($2)) = $2 ORDER BY seq LIMIT $3',
          [query.sinceSeq ?? 0, prefix, query.limit ?? null],
        )
      ).rows;
      return rows.map((r): HistoryEntry => ({ seq: Number(r.seq), room: r.room, sub: r.sub, at: Number(r.at), update: bytes(r.data) }));
    },
    async rooms(prefix = '') {
      const rows = (
        await pool.query<{ room: string; records: string; pending: string; bytes: string }>(
          `SELECT u.room AS room, count(*) AS records,
                  sum(CASE WHEN u.seq > coalesce(s.upto_seq, 0) THEN 1 ELSE 0 END) AS pending,
                  sum(length(u.data)) AS bytes
             FROM updates u LEFT JOIN snapshots s ON s.room = u.room
            WHERE left(u.room, length($1)) = $1
            GROUP BY u.room ORDER BY u.room COLLATE "C"`,
          [prefix],
        )
      ).rows;
      return rows.map((r): RoomInfo => ({ room: r.room, records: Number(r.records), pending: Number(r.pending), bytes: Number(r.bytes) }));
    },
    async createPlan(plan: PlanRef) {
      await pool.query('INSERT INTO plans (ente, triennio, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [plan.ente, plan.triennio, Date.now()]);
    },
    async listPlans() {
      const rows = (await pool.query<PlanRef>('SELECT ente, triennio FROM plans ORDER BY ente COLLATE "C", triennio COLLATE "C"')).rows;
      return rows.map((p) => ({ ente: p.ente, triennio: p.triennio }));
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async probe() {
      await pool.query("INSERT INTO meta (key, value) VALUES ('probe', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(Date.now())]);
    },
    /**
     * A notice carries (room, seq, origin) but is only a wake-up: PostgreSQL folds identical
     * notifications of one transaction and caps payloads at 8000 bytes
     * (https://www.postgresql.org/docs/current/sql-notify.html), so the listener reads the room's
     * records after the last seq it has seen (`loadAfter`). See postgres-listen.ts for reconnection.
     */
    async subscribe(listener: (n: AppendNotice) => void, onGap?: () => void) {
      const stop = await listenForAppends(url, NOTIFY_CHANNEL, origin, listener, onGap ?? (() => {}));
      listeners.add(stop);
      return async () => {
        if (!listeners.delete(stop)) return;
        await stop();
      };
    },
    /**
     * Presence rides NOTIFY too, on its own channel, base64 in JSON with the sender's origin. One entry
     * per notice: a pane's state is ~150 bytes and the presence guard caps one at 4 KiB of JSON, but
     * non-ASCII text can still push a notice past the 8000-byte limit; such a notice is not sent (its
     * clients' own instance still shows it) and counted for the caller to log.
     */
    async publishPresence(notices) {
      const payloads = notices.map((n) => JSON.stringify(n.update ? { origin, room: n.room, u: Buffer.from(n.update).toString('base64') } : { origin, room: n.room }));
      const fit = payloads.filter((p) => Buffer.byteLength(p) <= NOTIFY_MAX_BYTES);
      if (fit.length > 0) await pool.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [PRESENCE_CHANNEL, fit]);
      return payloads.length - fit.length;
    },
    async subscribePresence(listener) {
      const stop = await listenChannel(
        url,
        PRESENCE_CHANNEL,
        (payload) => {
          let n: { room?: unknown; u?: unknown; origin?: unknown };
          try {
            n = JSON.parse(payload) as typeof n;
          } catch {
            return;
          }
          if (n.origin === origin || typeof n.room !== 'string') return;
          if (n.u === undefined) listener(n.room, null);
          else if (typeof n.u === 'string') listener(n.room, new Uint8Array(Buffer.from(n.u, 'base64')));
        },
        // Nothing to catch up: clients renew their presence every 15 s (y-protocols awareness).
        () => {},
      );
      listeners.add(stop);
      return async () => {
        if (!listeners.delete(stop)) return;
        await stop();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      const stops = [...listeners];
      listeners.clear();
      await Promise.all(stops.map((stop) => stop()));
      await pool.end();
    },
  };
  return storage;
}
