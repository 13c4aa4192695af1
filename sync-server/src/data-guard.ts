import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Written beside the database once it has been created: a data folder holding it (or the signing key,
 * or a WAL file) has been used before, so a missing or empty database there is lost data, not a first
 * start. Without this check an emptied `piao.sqlite` was silently recreated (with `--demo`, the demo
 * plan was recreated over it and every user edit was gone).
 */
export const MARKER_FILE = '.piao-data';

/** Files that show earlier use of a data folder. */
const SIGNS = (db: string) => [MARKER_FILE, 'jwt-secret', `${db}-wal`, `${db}-shm`];

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The newest file in the folder that looks like a copy of the database (`piao*.sqlite*`, `*.bak`, `backup*`). */
async function newestBackup(dataDir: string, db: string): Promise<string | null> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  const own = new Set([db, `${db}-wal`, `${db}-shm`, `${db}-journal`]);
  let best: { file: string; mtime: number } | null = null;
  for (const name of names) {
    if (own.has(name) || !/(backup|\.bak$|\.sqlite)/i.test(name)) continue;
    const file = path.join(dataDir, name);
    const s = await stat(file).catch(() => null);
    if (!s?.isFile() || s.size === 0) continue;
    if (!best || s.mtimeMs > best.mtime) best = { file, mtime: s.mtimeMs };
  }
  return best?.file ?? null;
}

/**
 * Refuses a data folder that was used before but whose database is missing or empty (0 bytes). Runs
 * before anything in the folder is created (the signing key included).
 */
export async function checkDataDir(dataDir: string, dbName: string): Promise<void> {
  const dbFile = path.join(dataDir, dbName);
  const size = await sizeOf(dbFile);
  if (size !== null && size > 0) return;
  const found: string[] = [];
  for (const name of SIGNS(dbName)) if ((await sizeOf(path.join(dataDir, name))) !== null) found.push(name);
  if (found.length === 0) return;
  const backup = await newestBackup(dataDir, dbName);
  throw new DataDirError(
    `Il database ${dbFile} è ${size === null ? 'mancante' : 'vuoto'}, ma la cartella dati è già stata usata ` +
      `(trovati: ${found.join(', ')}): il server non parte, per non ricominciare da un piano vuoto. ` +
      (backup
        ? `Ripristinare ${dbFile} dalla copia di sicurezza ${backup} `
        : `Ripristinare ${dbFile} dall'ultima copia di sicurezza `) +
      `(docs/security.md, «Backup e ripristino»); per iniziare davvero da zero, usare una cartella dati nuova.`,
  );
}

/** Marks the folder as used, once its database exists. */
export async function writeMarker(dataDir: string): Promise<void> {
  const file = path.join(dataDir, MARKER_FILE);
  if ((await sizeOf(file)) !== null) return;
  await writeFile(file, `Cartella dati di PIAO Collab, in uso dal ${new Date().toISOString()}\n`, { mode: 0o600 });
}

/** better-sqlite3 errors carry SQLite's result code (https://www.sqlite.org/rescode.html#full). */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // 53100: PostgreSQL's disk_full SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100';
}

/** A startup failure of the store, in words an operator acts on ("disco pieno" rather than SQLITE_FULL). */
export function describeOpenFailure(err: unknown, file: string): Error {
  if (isDiskFull(err)) {
    return new DataDirError(`Disco pieno: impossibile aprire o scrivere ${file}. Liberare spazio sul disco e riavviare il server.`);
  }
  return err instanceof Error ? err : new Error(String(err));
}
