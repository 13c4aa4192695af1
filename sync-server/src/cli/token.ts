import { isSlug } from '@piao/shared';
import type { Principal, Role } from '../context';
import { openDataDir } from '../data-dir';
import { CliError } from './errors';
import { cliLogger } from './plan-source';
import { parseTtl } from './ttl';

export interface TokenOptions {
  data?: string;
  sub?: string;
  name?: string;
  role?: string;
  ente?: string;
  sector?: string[];
  ttl?: string;
}

const ROLES: readonly Role[] = ['coordinator', 'editor', 'viewer'];

/** Checks the options and turns them into the principal the token will carry. */
export function principalFromOptions(o: TokenOptions): Principal {
  if (!o.sub) throw new CliError("Indicare l'identificativo dell'utente con --sub");
  if (!o.ente || !isSlug(o.ente)) throw new CliError(`Indicare un codice ente valido con --ente (minuscole, cifre, trattini)`);
  const role = o.role as Role;
  if (!ROLES.includes(role)) throw new CliError(`Ruolo non valido: "${o.role ?? ''}" (coordinator, editor o viewer)`);
  const sectors = [...new Set(o.sector ?? [])];
  for (const s of sectors) if (!isSlug(s)) throw new CliError(`Codice settore non valido: "${s}"`);
  if (role === 'editor' && sectors.length === 0) throw new CliError('Un editor deve avere almeno un settore: --sector <id>');
  if (role !== 'editor' && sectors.length > 0) throw new CliError('--sector vale solo per il ruolo editor');
  return { sub: o.sub, name: o.name || o.sub, ente: o.ente, role, sectors };
}

/** `piao token`: signs a token with the data directory's secret and prints only the token on stdout. */
export async function tokenCommand(o: TokenOptions): Promise<void> {
  const principal = principalFromOptions(o);
  let ttl: number;
  try {
    ttl = parseTtl(o.ttl ?? '30d');
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const dd = await openDataDir(o.data ?? './data', { logger: cliLogger() });
  try {
    process.stdout.write(`${await dd.auth.sign(principal, ttl)}\n`);
  } finally {
    await dd.close();
  }
}
