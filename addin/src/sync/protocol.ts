import * as decoding from 'lib0/decoding';

/** The message types and the save-confirmation encoding are the shared wire contract. */
export { MESSAGE_AUTH, MESSAGE_SAVED, MESSAGE_SYNC, decodeSavedPayload, encodeSavedMessage } from '@piao/shared/protocol/wire';

/**
 * When a sync message is the server's sync step 1, returns the state vector it carries without
 * consuming the decoder (the stock handler still has to answer it). The server applies an update to its
 * document only after storing it, so this vector is stored state too.
 */
export function peekSyncStep1(decoder: decoding.Decoder): Uint8Array | null {
  const d = decoding.clone(decoder);
  if (!decoding.hasContent(d)) return null;
  // 0 = y-protocols/sync messageYjsSyncStep1 (the outer type MESSAGE_SYNC is already read).
  if (decoding.readVarUint(d) !== 0) return null;
  return decoding.readVarUint8Array(d);
}
