import Database from 'better-sqlite3';
import { mergeStored } from './merge';
import type { HistoryEntry, PlanRef } from '../context';
import type { CompactionResult, HistoryQuery, RoomInfo, RoomState, Storage, UpdateRecord } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- The audit log: one row per stored update, kept after compaction (compacted = 1).
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  room TEXT NOT NULL,
  sub TEXT NOT NULL,
  at INTEGER NOT NULL,
  data BLOB NOT NULL,
  compacted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS updates_room_seq ON updates (room, seq);
-- Merged state of a room's records up to upto_seq: loading reads this plus the rows after it.
CREATE TABLE IF NOT EXISTS snapshots (
  room TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  upto_seq INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plans (
  ente TEXT NOT NULL,
  triennio TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (ente, triennio)
);
`;

const SCHEMA_VERSION = '1';

function blob(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

function bytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export interface SqliteOptions {
  /**
   * `FULL` (default) also survives power loss; `NORMAL` in WAL mode survives a process crash
   * (`kill -9`) but may lose the last commits on power loss.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * SQLite storage (better-sqlite3, WAL). better-sqlite3 is synchronous, so every method completes before
 * it returns a promise: appends and compactions can never interleave.
 */
export function openSqliteStorage(file: string, opts: SqliteOptions = {}): Storage {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('schema_version', SCHEMA_VERSION);

  const insertUpdate = db.prepare('INSERT INTO updates (room, sub, at, data) VALUES (?, ?, ?, ?)');
  const insertPlan = db.prepare('INSERT OR IGNORE INTO plans (ente, triennio, created_at) VALUES (?, ?, ?)');
  const selectSnapshot = db.prepare<[string], { data: Buffer; upto_seq: number }>(
    'SELECT data, upto_seq FROM snapshots WHERE room = ?',
  );
  const selectAfter = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE room = ? AND seq > ? ORDER BY seq',
  );
  const selectLastSeq = db.prepare<[string], { seq: number | null }>('SELECT max(seq) AS seq FROM updates WHERE room = ?');
  const upsertSnapshot = db.prepare(
    'INSERT INTO snapshots (room, data, upto_seq, at) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (room) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, at = excluded.at',
  );
  const markCompacted = db.prepare('UPDATE updates SET compacted = 1 WHERE room = ? AND seq > ? AND seq <= ?');
  const selectPlans = db.prepare<[], PlanRef>('SELECT ente, triennio FROM plans ORDER BY ente, triennio');
  const writeProbe = db.prepare("INSERT INTO meta (key, value) VALUES ('probe', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");

  const appendTx = db.transaction((records: readonly UpdateRecord[]) => {
    const seqs: number[] = [];
    for (const r of records) {
      const info = insertUpdate.run(r.room, r.sub, r.at, blob(r.update));
      seqs.push(Number(info.lastInsertRowid));
      if (r.registersPlan) insertPlan.run(r.registersPlan.ente, r.registersPlan.triennio, r.at);
    }
    return seqs;
  });

  const loadTx = db.transaction((room: string): RoomState => {
    const snap = selectSnapshot.get(room);
    const snapshotSeq = snap?.upto_seq ?? 0;
    const rows = selectAfter.all(room, snapshotSeq);
    const lastSeq = rows.at(-1)?.seq ?? selectLastSeq.get(room)?.seq ?? 0;
    return { snapshot: snap ? bytes(snap.data) : null, snapshotSeq, updates: rows.map((r) => bytes(r.data)), lastSeq };
  });

  const compactTx = db.transaction((room: string): CompactionResult => {
    const snap = selectSnapshot.get(room);
    const from = snap?.upto_seq ?? 0;
    const rows = selectAfter.all(room, from);
    if (rows.length === 0) return { merged: 0, snapshotSeq: from };
    const parts = rows.map((r) => bytes(r.data));
    if (snap) parts.unshift(bytes(snap.data));
    const merged = mergeStored(parts);
    const upto = rows.at(-1)!.seq;
    upsertSnapshot.run(room, blob(merged), upto, Date.now());
    markCompacted.run(room, from, upto);
    return { merged: rows.length, snapshotSeq: upto };
  });

  let closed = false;
  const storage: Storage = {
    async append(records) {
      if (records.length === 0) return [];
      return appendTx(records);
    },
    async load(room) {
      return loadTx(room);
    },
    async compact(room) {
      return compactTx(room);
    },
    async history(query: HistoryQuery = {}) {
      const prefix = query.roomPrefix ?? '';
      const rows = db
        .prepare<[number, number, string, number], { seq: number; room: string; sub: string; at: number; data: Buffer }>(
          'SELECT seq, room, sub, at, data FROM updates WHERE seq > ? AND substr(room, 1, ?) = ? ORDER BY seq LIMIT ?',
        )
        .all(query.sinceSeq ?? 0, prefix.length, prefix, query.limit ?? -1);
      return rows.map((r): HistoryEntry => ({ seq: r.seq, room: r.room, sub: r.sub, at: r.at, update: bytes(r.data) }));
    },
    async rooms(prefix = '') {
      return db
        .prepare<[number, string], RoomInfo>(
          `SELECT u.room AS room, count(*) AS records,
                  sum(CASE WHEN u.seq > coalesce(s.upto_seq, 0) THEN 1 ELSE 0 END) AS pending,
                  sum(length(u.data)) AS bytes
             FROM updates u LEFT JOIN snapshots s ON s.room = u.room
            WHERE substr(u.room, 1, ?) = ?
            GROUP BY u.room ORDER BY u.room`,
        )
        .all(prefix.length, prefix);
    },
    async createPlan(plan) {
      insertPlan.run(plan.ente, plan.triennio, Date.now());
    },
    async listPlans() {
      return selectPlans.all().map((p) => ({ ente: p.ente, triennio: p.triennio }));
    },
    async probe() {
      writeProbe.run(String(Date.now()));
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
  return storage;
}
