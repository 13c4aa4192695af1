import type { JWTPayload } from 'jose';
import { isSlug } from '@piao/shared/doc/rooms';
import { AuthError, type Principal, type Role } from '../context';

const ROLES: readonly Role[] = ['coordinator', 'editor', 'viewer'];

/** Which token claim holds each field (OIDC providers name them differently). */
export type ClaimMapping = Partial<Record<'ente' | 'role' | 'sectors' | 'name', string>>;

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * Turns verified claims into a Principal. A signed token with unusable claims is a 403: the signer is
 * trusted, but the token grants nothing here.
 */
export function principalFromClaims(claims: JWTPayload, mapping: ClaimMapping = {}): Principal {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw new AuthError(401, 'Token senza soggetto (sub)');
  const ente = claims[mapping.ente ?? 'ente'];
  if (typeof ente !== 'string' || !isSlug(ente)) throw new AuthError(403, 'Token senza amministrazione (ente) valida');
  // Entra ID puts app roles in an array claim: take the first role we know.
  const role = list(claims[mapping.role ?? 'role']).find((r): r is Role => (ROLES as readonly string[]).includes(r));
  if (!role) throw new AuthError(403, 'Token senza ruolo valido (coordinator, editor o viewer)');
  const nameClaim = claims[mapping.name ?? 'name'];
  const name = typeof nameClaim === 'string' && nameClaim !== '' ? nameClaim : sub;
  const sectors = role === 'editor' ? [...new Set(list(claims[mapping.sectors ?? 'sectors']).filter(isSlug))] : [];
  const p: Principal = { sub, name, ente, role, sectors };
  // Kept so an open connection can close at expiry and revocations can be checked later.
  if (typeof claims.exp === 'number') p.exp = claims.exp;
  if (typeof claims.iat === 'number') p.iat = claims.iat;
  if (typeof claims.jti === 'string' && claims.jti !== '') p.jti = claims.jti;
  return p;
}
