import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

export const SECRET_FILE = 'jwt-secret';

/**
 * The HS256 signing key of this data directory: read it, or create it on first start with mode 0600.
 * Creation uses O_EXCL so two processes starting at once cannot end up with different keys.
 */
export async function loadOrCreateSecret(dataDir: string, logger?: Logger): Promise<Uint8Array> {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(randomBytes(32).toString('base64url') + '\n');
    } finally {
      await handle.close();
    }
    logger?.info({ file }, 'creata la chiave per firmare i token');
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
