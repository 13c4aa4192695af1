/**
 * PostgreSQL schema, as versioned migrations applied in order by `migratePostgres` (postgres-migrate.ts).
 * Never edit a migration once released: add the next one. Versions are recorded in `schema_migrations`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'log-snapshots-plans',
    sql: `
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
-- The audit log: one row per stored update, kept after compaction (compacted = true). seq is global
-- (history cursors span rooms); appends with one order key (a plan) hold its lock until commit, so within a
-- plan (and so within a room) seq order is commit order (what a reader "after my last seq" relies on).
CREATE TABLE updates (
  seq bigserial PRIMARY KEY,
  room text NOT NULL,
  sub text NOT NULL,
  at bigint NOT NULL,
  data bytea NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
CREATE INDEX updates_room_seq ON updates (room, seq);
-- Merged state of a room's records up to upto_seq: loading reads this plus the rows after it.
CREATE TABLE snapshots (
  room text PRIMARY KEY,
  data bytea NOT NULL,
  upto_seq bigint NOT NULL,
  at bigint NOT NULL
);
CREATE TABLE plans (
  ente text NOT NULL,
  triennio text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (ente, triennio)
);
`,
  },
];
