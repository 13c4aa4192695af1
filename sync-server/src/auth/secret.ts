import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { DataDirError } from '../data-guard';

export const SECRET_FILE = 'jwt-secret';

export interface SecretOptions {
  /** The data directory's database: when it holds data, a missing key is an error, not a first start. */
  databaseFile?: string;
  /** Create a new key even then (`piao serve --new-signing-key`): every earlier token stops working. */
  newSigningKey?: boolean;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * The database file when it exists and is not empty. SQLite writes its header and schema on creation,
 * which happens together with the key's: a database without a key was started with one before.
 */
async function existingData(file: string | undefined): Promise<string | null> {
  if (!file) return null;
  try {
    return (await stat(file)).size > 0 ? file : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The HS256 signing key of this data directory: read it, or create it on first start with mode 0600.
 * Creation uses O_EXCL so two processes starting at once cannot end up with different keys. A key that
 * disappeared from a folder whose database holds data is not replaced silently (issue 14, item 13):
 * that would invalidate every token handed out; it takes `newSigningKey`.
 */
export async function loadOrCreateSecret(dataDir: string, logger?: Logger, opts: SecretOptions = {}): Promise<Uint8Array> {
  const file = path.join(dataDir, SECRET_FILE);
  const data = await existingData(opts.databaseFile);
  if (data && !opts.newSigningKey && !(await exists(file))) {
    throw new DataDirError(
      [
        `Manca la chiave dei token ${file}, ma il database ${data} contiene dati.`,
        'Ripristinare il file jwt-secret dal backup della cartella dati: con una chiave nuova tutti i token e i link di accesso',
        'già distribuiti smettono di funzionare. Per creare comunque una chiave nuova: piao serve --new-signing-key',
      ].join('\n'),
    );
  }
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(randomBytes(32).toString('base64url') + '\n');
    } finally {
      await handle.close();
    }
    // Always at warn: a new key silently invalidates every token signed with the old one.
    logger?.warn(
      { file, database: data },
      data ? 'creata una NUOVA chiave dei token (--new-signing-key): i token emessi prima non valgono più' : 'creata la chiave per firmare i token',
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = (await stat(file)).mode & 0o777;
  if (mode & 0o077) {
    // A key readable by others lets them mint coordinator tokens: tighten it rather than refuse to start.
    await chmod(file, 0o600);
    logger?.warn({ file, mode: mode.toString(8) }, 'permessi della chiave troppo larghi: impostati a 0600');
  }
  const text = (await readFile(file, 'utf8')).trim();
  const key = Buffer.from(text, 'base64url');
  if (key.length < 32) throw new Error(`La chiave in ${file} è troppo corta (servono almeno 32 byte)`);
  return new Uint8Array(key);
}
