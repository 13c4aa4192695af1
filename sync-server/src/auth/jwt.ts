import { randomUUID } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AuthError, type AuthService, type Principal } from '../context';
import { principalFromClaims, type ClaimMapping } from './claims';

export interface OidcOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  claims?: ClaimMapping;
}

function toAuthError(err: unknown): AuthError {
  if (err instanceof AuthError) return err;
  if (err instanceof errors.JWTExpired) return new AuthError(401, 'Token scaduto');
  if (err instanceof errors.JWTClaimValidationFailed) return new AuthError(401, `Token non valido (${err.claim})`);
  if (err instanceof errors.JOSEError) return new AuthError(401, 'Token non valido');
  return new AuthError(401, 'Token non valido');
}

async function verifyWith(fn: () => Promise<{ payload: JWTPayload }>, mapping?: ClaimMapping): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await fn());
  } catch (err) {
    throw toAuthError(err);
  }
  return principalFromClaims(payload, mapping);
}

/** Default mode: HS256 tokens signed with the data directory's secret. */
export function createHsAuth(secret: Uint8Array): AuthService {
  return {
    verify(token) {
      if (!token) return Promise.reject(new AuthError(401, 'Token mancante'));
      // jti is required: every token this server signs has one, so it can be revoked alone.
      return verifyWith(() => jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub', 'jti'] }));
    },
    async sign(p, ttlSeconds) {
      const claims: JWTPayload = { name: p.name, ente: p.ente, role: p.role };
      if (p.role === 'editor') claims.sectors = [...p.sectors];
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(p.sub)
        // Every token has an id so it can be revoked alone; a refreshed token keeps its predecessor's.
        .setJti(p.jti ?? randomUUID())
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + Math.max(1, Math.floor(ttlSeconds)))
        .sign(secret);
    },
  };
}

/** OIDC mode (e.g. Microsoft Entra ID via Office SSO): tokens verified against the provider's JWKS. */
export function createOidcAuth(opts: OidcOptions): AuthService {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl));
  return {
    verify(token) {
      if (!token) return Promise.reject(new AuthError(401, 'Token mancante'));
      return verifyWith(
        () => jwtVerify(token, jwks, { issuer: opts.issuer, audience: opts.audience, requiredClaims: ['exp', 'sub'] }),
        opts.claims,
      );
    },
    async sign() {
      throw new Error('In modalità OIDC i token li emette il fornitore di identità, non questo server');
    },
  };
}
