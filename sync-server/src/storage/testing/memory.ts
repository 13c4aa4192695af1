import type { HistoryEntry, PlanRef } from '../../context';
import { mergeStored } from '../merge';
import type { AppendNotice, CompactionResult, HistoryQuery, RoomInfo, RoomState, Storage, UpdateRecord } from '../types';

/**
 * An in-memory store with the contract of storage-suite.ts, for tests. One `MemoryDatabase` stands for
 * the data; every `open()` is a new connection to it, so reopening keeps the records and a connection's
 * `subscribe` hears the appends of the others (as two server instances over one PostgreSQL would).
 * Failure injection: `failWrites(err)` makes every write reject with `err` and store nothing (reads keep
 * working, like a full disk); `holdWrites()` keeps writes waiting until `releaseWrites()` (a frozen disk).
 */
export interface MemoryDatabase {
  open(): Promise<Storage>;
  failWrites(err: Error): void;
  holdWrites(): void;
  releaseWrites(): void;
  heal(): void;
  /** Writes attempted while failing. */
  readonly failedWrites: number;
}

interface Row extends HistoryEntry {
  compacted: boolean;
}

export function memoryDatabase(): MemoryDatabase {
  const rows: Row[] = [];
  const snapshots = new Map<string, { data: Uint8Array; uptoSeq: number }>();
  const plans = new Map<string, PlanRef>();
  const listeners = new Map<number, (n: AppendNotice) => void>();
  let seq = 0;
  let nextConnection = 1;
  let failure: Error | null = null;
  let failedWrites = 0;
  let held: Array<() => void> | null = null;

  // Writes run one after another, as in a database with one writer at a time.
  let chain: Promise<unknown> = Promise.resolve();
  const write = <T>(run: () => T): Promise<T> => {
    const next = chain.then(async () => {
      if (held) await new Promise<void>((resolve) => held!.push(resolve));
      if (failure) {
        failedWrites++;
        throw failure;
      }
      return run();
    });
    chain = next.catch(() => {});
    return next;
  };
  const addPlan = (p: PlanRef) => {
    const key = `${p.ente}\u0000${p.triennio}`;
    if (!plans.has(key)) plans.set(key, { ente: p.ente, triennio: p.triennio });
  };
  const roomRows = (room: string, after: number) => rows.filter((r) => r.room === room && r.seq > after);
  const copy = (u: Uint8Array) => new Uint8Array(u);

  function connect(): Storage {
    const id = nextConnection++;
    let closed = false;
    const live = () => {
      if (closed) throw new Error('Archivio in memoria chiuso');
    };
    return {
      async append(records: readonly UpdateRecord[]) {
        live();
        if (records.length === 0) return [];
        return write(() => {
          const seqs = records.map((r) => {
            rows.push({ seq: ++seq, room: r.room, sub: r.sub, at: r.at, update: copy(r.update), compacted: false });
            if (r.registersPlan) addPlan(r.registersPlan);
            return seq;
          });
          // Like NOTIFY: sent after the commit, to the other connections only, one per room.
          const last = new Map<string, number>();
          records.forEach((r, i) => last.set(r.room, seqs[i]!));
          for (const [other, l] of listeners) {
            if (other === id) continue;
            for (const [room, s] of last) queueMicrotask(() => l({ room, seq: s }));
          }
          return seqs;
        });
      },
      async load(room): Promise<RoomState> {
        live();
        const snap = snapshots.get(room);
        const snapshotSeq = snap?.uptoSeq ?? 0;
        const after = roomRows(room, snapshotSeq);
        const lastSeq = after.at(-1)?.seq ?? roomRows(room, 0).at(-1)?.seq ?? 0;
        return { snapshot: snap ? copy(snap.data) : null, snapshotSeq, updates: after.map((r) => copy(r.update)), lastSeq };
      },
      async loadAfter(room, afterSeq) {
        live();
        return roomRows(room, afterSeq).map((r) => ({ seq: r.seq, update: copy(r.update) }));
      },
      async compact(room): Promise<CompactionResult> {
        live();
        return write(() => {
          const snap = snapshots.get(room);
          const from = snap?.uptoSeq ?? 0;
          const after = roomRows(room, from);
          if (after.length === 0) return { merged: 0, snapshotSeq: from };
          const parts = after.map((r) => r.update);
          if (snap) parts.unshift(snap.data);
          const upto = after.at(-1)!.seq;
          snapshots.set(room, { data: copy(mergeStored(parts)), uptoSeq: upto });
          for (const r of after) r.compacted = true;
          return { merged: after.length, snapshotSeq: upto };
        });
      },
      async history(query: HistoryQuery = {}) {
        live();
        const prefix = query.roomPrefix ?? '';
        const found = rows.filter((r) => r.seq > (query.sinceSeq ?? 0) && r.room.startsWith(prefix));
        return found.slice(0, query.limit ?? found.length).map(({ seq: s, room, sub, at, update }) => ({ seq: s, room, sub, at, update: copy(update) }));
      },
      async rooms(prefix = '') {
        live();
        const info = new Map<string, RoomInfo>();
        for (const r of rows) {
          if (!r.room.startsWith(prefix)) continue;
          const i = info.get(r.room) ?? { room: r.room, records: 0, pending: 0, bytes: 0 };
          i.records++;
          if (r.seq > (snapshots.get(r.room)?.uptoSeq ?? 0)) i.pending++;
          i.bytes += r.update.byteLength;
          info.set(r.room, i);
        }
        return [...info.values()].sort((a, b) => (a.room < b.room ? -1 : a.room > b.room ? 1 : 0));
      },
      async createPlan(plan) {
        live();
        return write(() => addPlan(plan));
      },
      async listPlans() {
        live();
        return [...plans.values()].sort((a, b) => (a.ente + '/' + a.triennio < b.ente + '/' + b.triennio ? -1 : 1));
      },
      async probe() {
        live();
        return write(() => undefined);
      },
      async subscribe(listener) {
        live();
        listeners.set(id, listener);
        return async () => {
          listeners.delete(id);
        };
      },
      async close() {
        closed = true;
        listeners.delete(id);
      },
    };
  }

  return {
    open: async () => connect(),
    failWrites(err) {
      failure = err;
    },
    holdWrites() {
      held ??= [];
    },
    releaseWrites() {
      const waiting = held ?? [];
      held = null;
      for (const w of waiting) w();
    },
    heal() {
      failure = null;
    },
    get failedWrites() {
      return failedWrites;
    },
  };
}
