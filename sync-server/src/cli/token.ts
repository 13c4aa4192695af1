import { access } from 'node:fs/promises';
import path from 'node:path';
import { isSlug } from '@piao/shared';
import { Revocations } from '../auth/revocations';
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

/**
 * Short by default: a leaked token is worth little for long, and the pane renews its token while it is
 * open (POST /api/token/refresh). A user away longer than this asks for a new link.
 */
export const DEFAULT_TOKEN_TTL = '12h';

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
    ttl = parseTtl(o.ttl ?? DEFAULT_TOKEN_TTL);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const dd = await openDataDir(o.data ?? './data', { logger: cliLogger() });
  try {
    const token = await dd.auth.sign(principal, ttl);
    const { jti, exp } = await dd.auth.verify(token);
    process.stdout.write(`${token}\n`);
    // Only the token goes to stdout (scripts capture it); what is needed to revoke it goes to stderr.
    process.stderr.write(`Token per ${principal.sub}: scade il ${new Date((exp ?? 0) * 1000).toISOString()}; per revocarlo: piao token revoke --jti ${jti}\n`);
  } finally {
    await dd.close();
  }
}

export interface RevokeOptions {
  data?: string;
  sub?: string;
  jti?: string;
}

/**
 * `piao token revoke --sub <id> | --jti <id>`: adds to the deny list of the data directory. A running
 * server refuses the token(s) at once and closes their open connections within a second.
 */
export async function revokeCommand(o: RevokeOptions): Promise<void> {
  if (!o.sub === !o.jti) throw new CliError('Indicare chi revocare: --sub <utente> (tutti i suoi token) oppure --jti <id> (un token)');
  const dataDir = o.data ?? './data';
  try {
    await access(dataDir);
  } catch {
    throw new CliError(`Cartella dei dati non trovata: ${path.resolve(dataDir)} (indicarla con --data)`);
  }
  const revocations = Revocations.open(dataDir);
  try {
    if (o.sub) revocations.revokeSub(o.sub);
    else revocations.revokeJti(o.jti!);
  } finally {
    revocations.close();
  }
  process.stderr.write(o.sub ? `Revocati tutti i token emessi finora per l'utente ${o.sub}\n` : `Revocato il token ${o.jti}\n`);
}
