import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenRefreshResponse } from '@piao/shared/protocol/identity';
import type { ServerContext } from '../context';
import { principalOf } from './auth';
import { HttpError, sendJson } from './respond';

/** Shortest lifetime a refreshed token gets (a token without a usable iat/exp pair). */
const MIN_REFRESH_SECONDS = 60;

/**
 * `POST /api/token/refresh` with `Authorization: Bearer <token still valid>`: a new token for the same
 * user, with the same lifetime as the one presented and the same `jti` (so `piao token revoke --jti`
 * also ends every token refreshed from it, and a revoked or expired token cannot be refreshed: it is
 * verified like any other). The pane calls it while open so that short-lived tokens do not expire
 * under the user. OIDC tokens are renewed by the identity provider, not here (400).
 */
export async function refreshToken(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  // Only from the header: a token in a URL ends up in logs and browser history.
  const p = await principalOf(ctx, req, url, false);
  const lifetime = p.exp !== undefined && p.iat !== undefined ? p.exp - p.iat : MIN_REFRESH_SECONDS;
  let token: string;
  try {
    token = await ctx.auth.sign(p, Math.max(MIN_REFRESH_SECONDS, lifetime));
  } catch {
    throw new HttpError(400, 'Questo server non rinnova i token: rinnovarlo presso il fornitore di identità (OIDC)');
  }
  const verified = await ctx.auth.verify(token);
  const body: TokenRefreshResponse = { token, exp: verified.exp ?? 0 };
  sendJson(res, 200, body);
}
