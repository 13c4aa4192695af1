import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStorage, type SqliteOptions } from './sqlite';
import type { Storage } from './types';

/**
 * The thread that owns the better-sqlite3 connection (sqlite-thread.ts): every call of the Storage
 * interface arrives as a message and runs here, one at a time and in order, so a disk that stalls
 * (fsfreeze, a dying drive) stalls this thread, never the server's event loop (issue 14 item 15).
 */
export interface SqliteWorkerData {
  file: string;
  options: SqliteOptions;
  /** Test hook (storage/testing/frozen-disk.ts): while slot 0 is 1, writes block like a frozen disk. */
  freeze?: SharedArrayBuffer;
}

export type StorageMethod = 'append' | 'load' | 'compact' | 'history' | 'rooms' | 'createPlan' | 'listPlans' | 'probe' | 'close';
export interface Call {
  id: number;
  method: StorageMethod;
  args: unknown[];
}
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { message: string; code?: string; name: string } };

const WRITES = new Set<StorageMethod>(['append', 'compact', 'createPlan', 'probe']);

function blockWhileFrozen(flag: Int32Array | null): void {
  if (!flag) return;
  while (Atomics.load(flag, 0) === 1) Atomics.wait(flag, 0, 1, 100);
}

if (parentPort) {
  const port = parentPort;
  const data = workerData as SqliteWorkerData;
  const flag = data.freeze ? new Int32Array(data.freeze) : null;
  let storage: Storage;
  try {
    storage = openSqliteStorage(data.file, data.options);
    port.postMessage({ id: 0, ok: true, value: null } satisfies Reply);
  } catch (err) {
    const e = err as Error & { code?: string };
    port.postMessage({ id: 0, ok: false, error: { message: e.message, code: e.code, name: e.name } } satisfies Reply);
    process.exit(0);
  }
  // Calls run strictly one after the other, in arrival order: better-sqlite3 is synchronous, so an
  // append and a compaction can still never interleave.
  let chain = Promise.resolve();
  port.on('message', (call: Call) => {
    chain = chain.then(async () => {
      let reply: Reply;
      try {
        if (WRITES.has(call.method)) blockWhileFrozen(flag);
        const fn = (storage as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[call.method];
        const value = fn ? await fn.apply(storage, call.args) : undefined;
        reply = { id: call.id, ok: true, value };
      } catch (err) {
        const e = err as Error & { code?: string };
        reply = { id: call.id, ok: false, error: { message: e.message, code: e.code, name: e.name } };
      }
      port.postMessage(reply);
    });
  });
}
