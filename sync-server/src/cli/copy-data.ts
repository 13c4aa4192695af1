import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../data-dir';
import { copySqliteToPostgres, TargetNotEmptyError } from '../storage/copy-data';
import { redact, resolveDatabaseUrl } from '../storage/database-url';
import { CliError } from './errors';

/** The SQLite file named by `sqlite:<path>`: the file itself or a data folder holding piao.sqlite. */
function sqliteFile(from: string): string {
  if (!from.startsWith('sqlite:')) throw new CliError(`Origine non valida: "${from}" (atteso sqlite:<cartella dati o file piao.sqlite>)`);
  const p = path.resolve(from.slice('sqlite:'.length));
  const file = existsSync(p) && statSync(p).isDirectory() ? path.join(p, DB_FILE) : p;
  if (!existsSync(file)) throw new CliError(`Database SQLite non trovato: ${file}`);
  return file;
}

/** `piao copy-data --from sqlite:<path> --to postgres://…`: moves an installation to PostgreSQL. */
export async function copyDataCommand(o: { from?: string; to?: string }): Promise<void> {
  if (!o.from || !o.to) throw new CliError('Uso: piao copy-data --from sqlite:<cartella dati> --to postgres://utente@host:5432/nome');
  const file = sqliteFile(o.from);
  let url: string | undefined;
  try {
    url = resolveDatabaseUrl(o.to, '');
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (!url) throw new CliError('Indicare la destinazione: --to postgres://utente@host:5432/nome');
  try {
    const r = await copySqliteToPostgres(file, url);
    process.stdout.write(
      `Copiati in ${redact(url)}: ${r.records} registrazioni, ${r.snapshots} istantanee, ${r.plans} piani.\n` +
        'Avviare i server con --database e la stessa chiave dei token (file della cartella dati) o lo stesso OIDC.\n',
    );
  } catch (err) {
    if (err instanceof TargetNotEmptyError) throw new CliError(`Copia rifiutata: ${err.message} (${redact(url)}); usare un database vuoto. Nessuna modifica applicata.`);
    throw new CliError(`Copia verso ${redact(url)} non riuscita (nessuna modifica applicata): ${(err as Error).message}`, 1);
  }
}
