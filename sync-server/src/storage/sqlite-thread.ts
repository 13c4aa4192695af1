import { Worker } from 'node:worker_threads';
import type { SqliteOptions } from './sqlite';
import type { Call, Reply, SqliteWorkerData, StorageMethod } from './sqlite-worker';
import type { Storage } from './types';

const ENTRY = new URL('./sqlite-worker-entry.mjs', import.meta.url);

/** The SQLite store run in its own thread: same interface and semantics as openSqliteStorage. */
export interface ThreadedStorage extends Storage {
  /** How long the oldest call still waiting for the store has waited, ms (0 when none). */
  stalledMs(): number;
}

function rebuild(e: { message: string; code?: string; name: string }): Error {
  // The code survives the thread boundary: `SQLITE_FULL` is still recognised as a full disk.
  return Object.assign(new Error(e.message), { name: e.name, ...(e.code ? { code: e.code } : {}) });
}

/**
 * Opens `file` in a worker thread (sqlite-worker.ts) and returns a Storage whose calls are messages to
 * it. Record bytes are copied across (structured clone). Resolves once the database is open; an open
 * failure (e.g. SQLITE_FULL) rejects with the same code.
 */
export function openThreadedSqliteStorage(file: string, options: SqliteOptions = {}, freeze?: SharedArrayBuffer): Promise<ThreadedStorage> {
  const worker = new Worker(ENTRY, { workerData: { file, options, ...(freeze ? { freeze } : {}) } satisfies SqliteWorkerData });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; at: number }>();
  let nextId = 1;
  let dead: Error | null = null;

  return new Promise<ThreadedStorage>((resolveOpen, rejectOpen) => {
    let opened = false;
    const failAll = (err: Error) => {
      dead = err;
      if (!opened) rejectOpen(err);
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    worker.on('error', (err) => failAll(err));
    worker.on('exit', () => failAll(dead ?? new Error('Archivio SQLite chiuso')));
    worker.on('message', (r: Reply) => {
      if (r.id === 0) {
        if (r.ok) {
          opened = true;
          resolveOpen(storage);
        } else {
          rejectOpen(rebuild(r.error));
          void worker.terminate();
        }
        return;
      }
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else p.reject(rebuild(r.error));
    });

    const call = <T>(method: StorageMethod, ...args: unknown[]): Promise<T> => {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, at: Date.now() });
        worker.postMessage({ id, method, args } satisfies Call);
      });
    };

    let closing: Promise<void> | null = null;
    const storage: ThreadedStorage = {
      append: (records) => call('append', records),
      load: (room) => call('load', room),
      compact: (room) => call('compact', room),
      history: (query) => call('history', query),
      rooms: (prefix) => call('rooms', prefix),
      createPlan: (plan) => call('createPlan', plan),
      listPlans: () => call('listPlans'),
      probe: () => call('probe'),
      close() {
        closing ??= (async () => {
          if (!dead) await call('close').catch(() => {});
          dead ??= new Error('Archivio SQLite chiuso');
          await worker.terminate();
        })();
        return closing;
      },
      stalledMs() {
        let oldest = Infinity;
        for (const p of pending.values()) oldest = Math.min(oldest, p.at);
        return oldest === Infinity ? 0 : Date.now() - oldest;
      },
    };
  });
}
