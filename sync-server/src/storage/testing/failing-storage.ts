import type { Storage } from '../types';

/**
 * A store that fails like SQLite on a full disk, around a real one. better-sqlite3 throws a
 * `SqliteError` whose `code` is SQLite's extended result code name
 * (https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#class-sqliteerror); a full disk is
 * `SQLITE_FULL`, message "database or disk is full" (https://www.sqlite.org/rescode.html#full). While
 * failing, every write (append, compaction, probe) throws it and stores nothing; reads keep working, as
 * they do on a full disk.
 */
export interface FailingStorage extends Storage {
  /** Starts failing every write with `code` (default SQLITE_FULL). */
  fail(code?: string): void;
  /** Writes work again. */
  heal(): void;
  /** Writes attempted while failing. */
  readonly failedWrites: number;
}

export function sqliteError(code = 'SQLITE_FULL'): Error {
  const messages: Record<string, string> = { SQLITE_FULL: 'database or disk is full', SQLITE_IOERR: 'disk I/O error' };
  return Object.assign(new Error(messages[code] ?? code), { name: 'SqliteError', code });
}

export function failingStorage(inner: Storage): FailingStorage {
  let failing: string | null = null;
  let failedWrites = 0;
  const write = <T>(run: () => Promise<T>): Promise<T> => {
    if (failing === null) return run();
    failedWrites++;
    return Promise.reject(sqliteError(failing));
  };
  return {
    append: (records) => write(() => inner.append(records)),
    compact: (room) => write(() => inner.compact(room)),
    createPlan: (plan) => write(() => inner.createPlan(plan)),
    probe: () => write(() => inner.probe?.() ?? Promise.resolve()),
    load: (room) => inner.load(room),
    history: (q) => inner.history(q),
    rooms: (prefix) => inner.rooms(prefix),
    listPlans: () => inner.listPlans(),
    close: () => inner.close(),
    fail(code = 'SQLITE_FULL') {
      failing = code;
    },
    heal() {
      failing = null;
    },
    get failedWrites() {
      return failedWrites;
    },
  };
}
