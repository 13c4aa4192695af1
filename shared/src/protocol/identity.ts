import * as encoding from 'lib0/encoding';

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

/**
 * Token renewal on an open connection (client → server, our own message type like the save
 * confirmation 100): payload = varString of a fresh token of the same user. The connection then lives
 * until the new token's `exp` instead of closing at the old one's; a token of another user, or one
 * that would change this room's access, closes it with CLOSE_TOKEN_EXPIRED (reconnect with it). A token
 * that does not verify is ignored (the old one still holds until its own expiry).
 */
export const MESSAGE_TOKEN = 101;

/** Encodes the renewal message (lib0 varUint type, varString token), ready for `WebSocket.send`. */
export function encodeTokenMessage(token: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_TOKEN);
  encoding.writeVarString(e, token);
  return encoding.toUint8Array(e);
}
