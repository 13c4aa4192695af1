import { copyFile, chmod, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SECRET_FILE } from '../auth/secret';
import { DB_FILE } from '../data-dir';
import { CliError } from './errors';

/** Files of a data folder that a backup copies (databases through SQLite, the key as a file). */
const DATABASES = [DB_FILE, 'revocations.sqlite'];

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * `piao backup --data ./data --out <cartella>`: a consistent copy of the data folder, safe while the
 * server runs. Each database is copied with `VACUUM INTO` (https://www.sqlite.org/lang_vacuum.html#vacuuminto:
 * one read transaction, so a snapshot of committed data, whatever the server writes meanwhile); the
 * signing key is copied with mode 0600. Restoring is copying the files back with the server stopped
 * (docs/security.md, «Backup e ripristino»).
 */
export async function backupCommand(o: { data?: string; out?: string }): Promise<void> {
  const data = o.data ?? './data';
  if (!o.out) throw new CliError('Indicare la cartella in cui scrivere la copia: --out <cartella>');
  const out = o.out;
  if (!(await exists(path.join(data, DB_FILE)))) throw new CliError(`Nessun database da copiare: ${path.join(data, DB_FILE)} non esiste`);
  if ((await exists(out)) && (await readdir(out)).length > 0) throw new CliError(`La cartella ${out} esiste e non è vuota: indicarne una nuova`);
  await mkdir(out, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  for (const name of DATABASES) {
    const src = path.join(data, name);
    if (!(await exists(src))) continue;
    const db = new Database(src, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('VACUUM INTO ?').run(path.join(out, name));
    } finally {
      db.close();
    }
    written.push(name);
  }
  const key = path.join(data, SECRET_FILE);
  if (await exists(key)) {
    await copyFile(key, path.join(out, SECRET_FILE));
    await chmod(path.join(out, SECRET_FILE), 0o600);
    written.push(SECRET_FILE);
  }
  process.stdout.write(
    `Copia scritta in ${out}: ${written.join(', ')}.\n` +
      `Per ripristinare: fermare il server, copiare questi file nella cartella dati (${data}), riavviare.\n`,
  );
}
