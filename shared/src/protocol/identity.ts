/**
 * Wire contract between the sync server and its clients for identity and authorization (issue 14,
 * items 1–3). The server closes a connection with one of these codes (RFC 6455 §7.4.2: 4000–4999 are
 * for applications) right after a y-protocols auth message "permission denied" carrying the reason, so
 * a client sees why either way. The pane shows "Accesso scaduto" for both token codes.
 */

/** The token of this connection expired: reconnect with a fresh one (POST /api/token/refresh). */
export const CLOSE_TOKEN_EXPIRED = 4401;
/** The token (its jti) or every token of its user (sub) was revoked: sign in again. */
export const CLOSE_TOKEN_REVOKED = 4403;

/** Reasons of the auth messages, in Italian because clients may show them as they are. */
export const REASON_TOKEN_EXPIRED = 'token scaduto';
export const REASON_TOKEN_REVOKED = 'token revocato';
/** An update wrote Yjs structs under a client id another user wrote first: nothing of it was stored. */
export const REASON_CLIENT_ID_TAKEN = 'id client Yjs di un altro utente: modifica non salvata';

/** True for the close codes after which the same token will not be accepted again. */
export function isTokenClose(code: number): boolean {
  return code === CLOSE_TOKEN_EXPIRED || code === CLOSE_TOKEN_REVOKED;
}

/** `POST /api/token/refresh` with a still-valid `Authorization: Bearer` token answers this. */
export interface TokenRefreshResponse {
  token: string;
  /** Expiry of the new token, seconds since the epoch. */
  exp: number;
}
export const TOKEN_REFRESH_PATH = '/api/token/refresh';
