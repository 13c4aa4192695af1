import type { HistoryEntry, PlanRef } from '../context';

/** One update to store: the audit record of who sent what, when, to which room. */
export interface UpdateRecord {
  room: string;
  sub: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** A Yjs update (v1 encoding). */
  update: Uint8Array;
  /**
   * The plan this record brings into existence, registered in the same transaction (the caller
   * decides: a record of a plan's `_piano` room, see plan-records.ts). Adapters know no room names.
   */
  registersPlan?: PlanRef;
  /**
   * Records with the same key commit in seq order, also across instances sharing one database (a
   * reader of "records after seq N" with that key as prefix misses none). The caller sets the plan's
   * room prefix (plan-records.ts), since history is read per plan; without it, the room. Every record
   * of a room must use the same key.
   */
  orderKey?: string;
}

/** What a room's document is rebuilt from: the latest snapshot plus the records appended after it. */
export interface RoomState {
  /** Merged state of every record up to `snapshotSeq` (null before the first compaction). */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Records appended after the snapshot, oldest first. */
  updates: Uint8Array[];
  /** Highest seq in the room (0 when empty). */
  lastSeq: number;
}

export interface RoomInfo {
  room: string;
  /** Every audit record of the room, compacted or not. */
  records: number;
  /** Records not yet merged into the snapshot. */
  pending: number;
  /** Bytes of update blobs stored for the room. */
  bytes: number;
}

export interface CompactionResult {
  /** Records merged into the snapshot by this call (0 when there was nothing to do). */
  merged: number;
  snapshotSeq: number;
}

export interface HistoryQuery {
  /** Only rooms whose name starts with this prefix (e.g. `casale-monferrato/2022-2024/`). */
  roomPrefix?: string;
  /** Only records with seq greater than this. */
  sinceSeq?: number;
  limit?: number;
}

/** Told after records of a room were committed by any connection to the store (another instance too). */
export interface AppendNotice {
  room: string;
  /** Highest seq committed in the room when the notice was sent (later notices may fold into it). */
  seq: number;
}

/**
 * The update log behind every room. Implementations must make `append` atomic and durable on resolve
 * (the sync layer relays an update only after that), keep every audit record through compaction, and
 * make `compact` atomic with respect to concurrent appends.
 */
export interface UpdateLog {
  /** Appends records in one transaction, in order; resolves with their seqs once committed. */
  append(records: readonly UpdateRecord[]): Promise<number[]>;
  load(room: string): Promise<RoomState>;
  /** Records of `room` with seq greater than `afterSeq`, oldest first (what a notice announces). */
  loadAfter?(room: string, afterSeq: number): Promise<Array<{ seq: number; update: Uint8Array }>>;
  /** Merges the room's records into its snapshot; the audit records stay (marked compacted). */
  compact(room: string): Promise<CompactionResult>;
  /**
   * Calls `listener` after appends committed through another connection to the same data (another
   * server instance). Optional: a store only one process opens has nobody else to hear from.
   * Resolves once listening; the returned function stops it. `onGap` runs when notices may have been
   * missed (the listening connection was lost and is back): every room must be read again after its
   * last seen seq.
   */
  subscribe?(listener: (notice: AppendNotice) => void, onGap?: () => void): Promise<() => Promise<void>>;
  /**
   * A small durable write that fails like an append would (e.g. SQLITE_FULL): checked at start and,
   * after a failed commit, until writes work again. Optional: without it the next append decides.
   */
  probe?(): Promise<void>;
}

/**
 * Presence (awareness) passed between instances sharing a store; nothing is stored. Optional, like
 * `subscribe`: only a store several processes open has it (PostgreSQL NOTIFY, storage/postgres.ts).
 */
export interface PresenceChannel {
  /**
   * Sends awareness updates (one entry each) to the other instances; `update: null` asks them for the
   * states of their clients in that room (it was just loaded here). Resolves with how many were too large to send.
   */
  publishPresence(notices: ReadonlyArray<{ room: string; update: Uint8Array | null }>): Promise<number>;
  /** Calls `listener` with the awareness updates (or requests, null) other instances publish; resolves once listening. */
  subscribePresence(listener: (room: string, update: Uint8Array | null) => void): Promise<() => Promise<void>>;
}

/** Plans known to the store. */
export interface PlanRegistry {
  createPlan(plan: PlanRef): Promise<void>;
  /** Plans created explicitly, plus those registered by an appended record (`registersPlan`). */
  listPlans(): Promise<PlanRef[]>;
}

/** Read-only questions about who stored what (history pane, `piao` CLI, metrics). */
export interface AuditQuery {
  history(query?: HistoryQuery): Promise<HistoryEntry[]>;
  rooms(prefix?: string): Promise<RoomInfo[]>;
}

/** Every port of one store, as one object (what the server opens); `close` ends them all. */
export type Storage = UpdateLog &
  PlanRegistry &
  AuditQuery & {
    close(): Promise<void>;
  };
