import pg from 'pg';
import { redact, resolveDatabaseUrl } from '../storage/database-url';
import { migratePostgres } from '../storage/postgres-migrate';
import { CliError } from './errors';

/** `piao migrate --database postgres://…`: applies the pending schema migrations and says which. */
export async function migrateCommand(o: { database?: string }): Promise<void> {
  let url: string | undefined;
  try {
    url = resolveDatabaseUrl(o.database);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (!url) throw new CliError('Indicare il database: piao migrate --database postgres://utente@host:5432/nome (o PIAO_DATABASE_URL)');
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  try {
    const applied = await migratePostgres(pool);
    process.stdout.write(
      applied.length === 0
        ? `Schema di ${redact(url)} già aggiornato.\n`
        : `Schema di ${redact(url)} aggiornato: migrazioni ${applied.join(', ')} applicate.\n`,
    );
  } catch (err) {
    throw new CliError(`Migrazione di ${redact(url)} non riuscita (nessuna modifica applicata): ${(err as Error).message}`, 1);
  } finally {
    await pool.end().catch(() => {});
  }
}
