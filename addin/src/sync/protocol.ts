import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** y-websocket message types (the stock ones, and the one our server adds). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AUTH = 2;
/** Save confirmation: the server's stored state vector, sent after each durable commit. */
export const MESSAGE_SAVED = 100;

/** Encodes a save confirmation as the server sends it (used by tests and by anyone re-implementing it). */
export function encodeSavedMessage(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SAVED);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

/**
 * When a sync message is the server's sync step 1, returns the state vector it carries without
 * consuming the decoder (the stock handler still has to answer it). The server applies an update to its
 * document only after storing it, so this vector is stored state too.
 */
export function peekSyncStep1(decoder: decoding.Decoder): Uint8Array | null {
  const d = decoding.clone(decoder);
  if (!decoding.hasContent(d)) return null;
  if (decoding.readVarUint(d) !== 0) return null;
  return decoding.readVarUint8Array(d);
}
