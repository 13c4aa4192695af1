/**
 * A frozen disk for the threaded SQLite store (sqlite-thread.ts): while frozen, every write in the
 * store's thread blocks, as a write does under `fsfreeze` (the red team froze the data folder's file
 * system for 8 s). Reads of the store queue behind the blocked write, as they do on one SQLite
 * connection. Shared memory + Atomics.wait: the block is real, in the thread that does the I/O.
 */
export interface FrozenDisk {
  /** Passed to openThreadedSqliteStorage. */
  readonly buffer: SharedArrayBuffer;
  freeze(): void;
  thaw(): void;
}

export function frozenDisk(): FrozenDisk {
  const buffer = new SharedArrayBuffer(4);
  const flag = new Int32Array(buffer);
  return {
    buffer,
    freeze: () => Atomics.store(flag, 0, 1),
    thaw() {
      Atomics.store(flag, 0, 0);
      Atomics.notify(flag, 0);
    },
  };
}
