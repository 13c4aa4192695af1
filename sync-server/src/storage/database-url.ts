import { openPostgresStorage, type PostgresStorage } from './postgres';

/**
 * The PostgreSQL URL to use, from `--database` or else PIAO_DATABASE_URL; undefined means the default
 * SQLite file in the data folder. Anything but a postgres:// or postgresql:// URL is refused in Italian.
 */
export function resolveDatabaseUrl(flag: string | undefined, env: string | undefined = process.env.PIAO_DATABASE_URL): string | undefined {
  const value = (flag ?? env ?? '').trim();
  if (value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Indirizzo del database non valido: "${redact(value)}" (atteso postgres://utente@host:5432/nome)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`Database non supportato: "${url.protocol}" (atteso postgres://…; senza --database si usa SQLite nella cartella dati)`);
  }
  return value;
}

/** The URL without its password, for messages and logs. */
export function redact(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/:[^:@/]*@/, ':***@');
  }
}

/** Opens the PostgreSQL store (applying migrations); a failure says which database and why, in Italian. */
export async function openDatabase(url: string): Promise<PostgresStorage> {
  try {
    return await openPostgresStorage(url);
  } catch (err) {
    const e = err as Error & { code?: string };
    throw Object.assign(new Error(`Impossibile aprire il database PostgreSQL ${redact(url)}: ${e.message}`, { cause: err }), e.code ? { code: e.code } : {});
  }
}
